package io.kitemq.protocol.header;

import java.util.Map;

/**
 * Custom header of the response to {@code QUERY_CONSUMER_OFFSET}: the committed offset (absent with
 * {@code QUERY_NOT_FOUND}).
 *
 * <p>Required keys: {@code offset}.
 *
 * <p>Immutable and thread-safe.
 */
public record QueryConsumerOffsetResponseHeader(long offset) implements CommandCustomHeader {

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static QueryConsumerOffsetResponseHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "QueryConsumerOffsetResponseHeader");
        return new QueryConsumerOffsetResponseHeader(r.requiredLong("offset"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("offset", Long.toString(offset));
    }
}
