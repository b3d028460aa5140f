package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code POP_MESSAGE} (200050), consumer to broker. {@link #queueId} -1 means any queue;
 * {@link #order} defaults to {@code false}; the 5.x base field {@code bname} is carried as {@link #brokerName}.
 *
 * <p>Required keys: {@code consumerGroup}, {@code topic}, {@code queueId}, {@code maxMsgNums},
 * {@code invisibleTime}, {@code pollTime}, {@code bornTime}, {@code initMode}. Optional keys, omitted when null:
 * {@code expType}, {@code exp}, {@code attemptId}, {@code bname}. Keys always written and defaulted when absent:
 * {@code order} (false). Components sent under another key: {@code brokerName} as {@code bname}.
 *
 * <p>Immutable and thread-safe.
 */
public record PopMessageRequestHeader(
        String consumerGroup,
        String topic,
        int queueId,
        int maxMsgNums,
        long invisibleTime,
        long pollTime,
        long bornTime,
        int initMode,
        String expType,
        String exp,
        boolean order,
        String attemptId,
        String brokerName)
        implements CommandCustomHeader {

    public PopMessageRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(topic, "topic");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static PopMessageRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "PopMessageRequestHeader");
        return new PopMessageRequestHeader(
                r.requiredString("consumerGroup"),
                r.requiredString("topic"),
                r.requiredInt("queueId"),
                r.requiredInt("maxMsgNums"),
                r.requiredLong("invisibleTime"),
                r.requiredLong("pollTime"),
                r.requiredLong("bornTime"),
                r.requiredInt("initMode"),
                r.optionalString("expType"),
                r.optionalString("exp"),
                r.booleanOr("order", false),
                r.optionalString("attemptId"),
                r.optionalString("bname"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("consumerGroup", consumerGroup);
        extFields.put("topic", topic);
        extFields.put("queueId", Integer.toString(queueId));
        extFields.put("maxMsgNums", Integer.toString(maxMsgNums));
        extFields.put("invisibleTime", Long.toString(invisibleTime));
        extFields.put("pollTime", Long.toString(pollTime));
        extFields.put("bornTime", Long.toString(bornTime));
        extFields.put("initMode", Integer.toString(initMode));
        ExtFieldWriter.putIfNotNull(extFields, "expType", expType);
        ExtFieldWriter.putIfNotNull(extFields, "exp", exp);
        extFields.put("order", Boolean.toString(order));
        ExtFieldWriter.putIfNotNull(extFields, "attemptId", attemptId);
        ExtFieldWriter.putIfNotNull(extFields, "bname", brokerName);
    }
}
