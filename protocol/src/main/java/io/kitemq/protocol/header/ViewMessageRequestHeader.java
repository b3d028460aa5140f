package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Custom header of {@code VIEW_MESSAGE_BY_ID} (33), to broker: {@link #offset} is the CommitLog offset decoded from
 * an offsetMsgId.
 *
 * <p>Required keys: {@code offset}. Optional keys, omitted when null: {@code topic}.
 *
 * <p>Immutable and thread-safe.
 */
public record ViewMessageRequestHeader(String topic, long offset) implements CommandCustomHeader {

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static ViewMessageRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "ViewMessageRequestHeader");
        return new ViewMessageRequestHeader(r.optionalString("topic"), r.requiredLong("offset"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        ExtFieldWriter.putIfNotNull(extFields, "topic", topic);
        extFields.put("offset", Long.toString(offset));
    }
}
