package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code UPDATE_CONSUMER_OFFSET} (15), consumer to broker, often one-way. The 5.x base field
 * {@code bname} is carried as {@link #brokerName}.
 *
 * <p>Required keys: {@code consumerGroup}, {@code topic}, {@code queueId}, {@code commitOffset}. Optional keys,
 * omitted when null: {@code bname}. Components sent under another key: {@code brokerName} as {@code bname}.
 *
 * <p>Immutable and thread-safe.
 */
public record UpdateConsumerOffsetRequestHeader(
        String consumerGroup, String topic, int queueId, long commitOffset, String brokerName)
        implements CommandCustomHeader {

    public UpdateConsumerOffsetRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(topic, "topic");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static UpdateConsumerOffsetRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "UpdateConsumerOffsetRequestHeader");
        return new UpdateConsumerOffsetRequestHeader(
                r.requiredString("consumerGroup"),
                r.requiredString("topic"),
                r.requiredInt("queueId"),
                r.requiredLong("commitOffset"),
                r.optionalString("bname"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("consumerGroup", consumerGroup);
        extFields.put("topic", topic);
        extFields.put("queueId", Integer.toString(queueId));
        extFields.put("commitOffset", Long.toString(commitOffset));
        ExtFieldWriter.putIfNotNull(extFields, "bname", brokerName);
    }
}
