package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code NOTIFICATION} (200054), consumer to broker (long-polls until messages are available).
 * {@link #order} defaults to {@code false}; the 5.x base field {@code bname} is carried as {@link #brokerName}.
 *
 * <p>Required keys: {@code consumerGroup}, {@code topic}, {@code queueId}, {@code pollTime}, {@code bornTime}.
 * Optional keys, omitted when null: {@code attemptId}, {@code expType}, {@code exp}, {@code bname}. Keys always
 * written and defaulted when absent: {@code order} (false). Components sent under another key: {@code brokerName}
 * as {@code bname}.
 *
 * <p>Immutable and thread-safe.
 */
public record NotificationRequestHeader(
        String consumerGroup,
        String topic,
        int queueId,
        long pollTime,
        long bornTime,
        boolean order,
        String attemptId,
        String expType,
        String exp,
        String brokerName)
        implements CommandCustomHeader {

    public NotificationRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(topic, "topic");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static NotificationRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "NotificationRequestHeader");
        return new NotificationRequestHeader(
                r.requiredString("consumerGroup"),
                r.requiredString("topic"),
                r.requiredInt("queueId"),
                r.requiredLong("pollTime"),
                r.requiredLong("bornTime"),
                r.booleanOr("order", false),
                r.optionalString("attemptId"),
                r.optionalString("expType"),
                r.optionalString("exp"),
                r.optionalString("bname"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("consumerGroup", consumerGroup);
        extFields.put("topic", topic);
        extFields.put("queueId", Integer.toString(queueId));
        extFields.put("pollTime", Long.toString(pollTime));
        extFields.put("bornTime", Long.toString(bornTime));
        extFields.put("order", Boolean.toString(order));
        ExtFieldWriter.putIfNotNull(extFields, "attemptId", attemptId);
        ExtFieldWriter.putIfNotNull(extFields, "expType", expType);
        ExtFieldWriter.putIfNotNull(extFields, "exp", exp);
        ExtFieldWriter.putIfNotNull(extFields, "bname", brokerName);
    }
}
