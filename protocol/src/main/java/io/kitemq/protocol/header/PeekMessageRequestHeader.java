package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code PEEK_MESSAGE} (200052), to broker. The 5.x base field {@code bname} is carried as
 * {@link #brokerName}.
 *
 * <p>Required keys: {@code topic}, {@code queueId}, {@code maxMsgNums}, {@code consumerGroup}. Optional keys,
 * omitted when null: {@code bname}. Components sent under another key: {@code brokerName} as {@code bname}.
 *
 * <p>Immutable and thread-safe.
 */
public record PeekMessageRequestHeader(
        String topic, int queueId, int maxMsgNums, String consumerGroup, String brokerName)
        implements CommandCustomHeader {

    public PeekMessageRequestHeader {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(consumerGroup, "consumerGroup");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static PeekMessageRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "PeekMessageRequestHeader");
        return new PeekMessageRequestHeader(
                r.requiredString("topic"),
                r.requiredInt("queueId"),
                r.requiredInt("maxMsgNums"),
                r.requiredString("consumerGroup"),
                r.optionalString("bname"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("topic", topic);
        extFields.put("queueId", Integer.toString(queueId));
        extFields.put("maxMsgNums", Integer.toString(maxMsgNums));
        extFields.put("consumerGroup", consumerGroup);
        ExtFieldWriter.putIfNotNull(extFields, "bname", brokerName);
    }
}
