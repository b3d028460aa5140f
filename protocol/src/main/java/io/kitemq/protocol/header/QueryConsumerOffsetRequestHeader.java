package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code QUERY_CONSUMER_OFFSET} (14), consumer to broker. The 5.x base field {@code bname} is
 * carried as {@link #brokerName}.
 *
 * <p>Required keys: {@code consumerGroup}, {@code topic}, {@code queueId}. Optional keys, omitted when null:
 * {@code setZeroIfNotFound}, {@code bname}. Components sent under another key: {@code brokerName} as {@code bname}.
 *
 * <p>Immutable and thread-safe.
 */
public record QueryConsumerOffsetRequestHeader(
        String consumerGroup, String topic, int queueId, Boolean setZeroIfNotFound, String brokerName)
        implements CommandCustomHeader {

    public QueryConsumerOffsetRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(topic, "topic");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static QueryConsumerOffsetRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "QueryConsumerOffsetRequestHeader");
        return new QueryConsumerOffsetRequestHeader(
                r.requiredString("consumerGroup"),
                r.requiredString("topic"),
                r.requiredInt("queueId"),
                r.optionalBoolean("setZeroIfNotFound"),
                r.optionalString("bname"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("consumerGroup", consumerGroup);
        extFields.put("topic", topic);
        extFields.put("queueId", Integer.toString(queueId));
        ExtFieldWriter.putIfNotNull(extFields, "setZeroIfNotFound", setZeroIfNotFound);
        ExtFieldWriter.putIfNotNull(extFields, "bname", brokerName);
    }
}
