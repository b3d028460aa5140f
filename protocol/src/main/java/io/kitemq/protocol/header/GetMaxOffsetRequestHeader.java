package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code GET_MAX_OFFSET} (30), to broker. {@link #committed} defaults to {@code true} when absent,
 * as in RocketMQ. The 5.x base field {@code bname} is carried as {@link #brokerName}.
 *
 * <p>Required keys: {@code topic}, {@code queueId}. Optional keys, omitted when null: {@code bname}. Keys always
 * written and defaulted when absent: {@code committed} (true). Components sent under another key:
 * {@code brokerName} as {@code bname}.
 *
 * <p>Immutable and thread-safe.
 */
public record GetMaxOffsetRequestHeader(String topic, int queueId, boolean committed, String brokerName)
        implements CommandCustomHeader {

    public GetMaxOffsetRequestHeader {
        Objects.requireNonNull(topic, "topic");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static GetMaxOffsetRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "GetMaxOffsetRequestHeader");
        return new GetMaxOffsetRequestHeader(
                r.requiredString("topic"),
                r.requiredInt("queueId"),
                r.booleanOr("committed", true),
                r.optionalString("bname"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("topic", topic);
        extFields.put("queueId", Integer.toString(queueId));
        extFields.put("committed", Boolean.toString(committed));
        ExtFieldWriter.putIfNotNull(extFields, "bname", brokerName);
    }
}
