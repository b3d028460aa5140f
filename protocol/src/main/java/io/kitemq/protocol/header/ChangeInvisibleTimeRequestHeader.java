package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code CHANGE_MESSAGE_INVISIBLETIME} (200053), consumer to broker. {@link #suspend} defaults to
 * {@code false}; the 5.x base field {@code bname} is carried as {@link #brokerName}.
 *
 * <p>Required keys: {@code consumerGroup}, {@code topic}, {@code queueId}, {@code extraInfo}, {@code offset},
 * {@code invisibleTime}. Optional keys, omitted when null: {@code liteTopic}, {@code bname}. Keys always written
 * and defaulted when absent: {@code suspend} (false). Components sent under another key: {@code brokerName} as
 * {@code bname}.
 *
 * <p>Immutable and thread-safe.
 */
public record ChangeInvisibleTimeRequestHeader(
        String consumerGroup,
        String topic,
        int queueId,
        String extraInfo,
        long offset,
        long invisibleTime,
        String liteTopic,
        boolean suspend,
        String brokerName)
        implements CommandCustomHeader {

    public ChangeInvisibleTimeRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(extraInfo, "extraInfo");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static ChangeInvisibleTimeRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "ChangeInvisibleTimeRequestHeader");
        return new ChangeInvisibleTimeRequestHeader(
                r.requiredString("consumerGroup"),
                r.requiredString("topic"),
                r.requiredInt("queueId"),
                r.requiredString("extraInfo"),
                r.requiredLong("offset"),
                r.requiredLong("invisibleTime"),
                r.optionalString("liteTopic"),
                r.booleanOr("suspend", false),
                r.optionalString("bname"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("consumerGroup", consumerGroup);
        extFields.put("topic", topic);
        extFields.put("queueId", Integer.toString(queueId));
        extFields.put("extraInfo", extraInfo);
        extFields.put("offset", Long.toString(offset));
        extFields.put("invisibleTime", Long.toString(invisibleTime));
        ExtFieldWriter.putIfNotNull(extFields, "liteTopic", liteTopic);
        extFields.put("suspend", Boolean.toString(suspend));
        ExtFieldWriter.putIfNotNull(extFields, "bname", brokerName);
    }
}
