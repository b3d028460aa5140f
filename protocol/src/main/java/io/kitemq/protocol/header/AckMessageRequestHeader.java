package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code ACK_MESSAGE} (200051), consumer to broker. {@link #extraInfo} is the receipt handle. The
 * 5.x base field {@code bname} is carried as {@link #brokerName}. The ack response has no custom header.
 *
 * <p>Required keys: {@code consumerGroup}, {@code topic}, {@code queueId}, {@code extraInfo}, {@code offset}.
 * Optional keys, omitted when null: {@code liteTopic}, {@code bname}. Components sent under another key:
 * {@code brokerName} as {@code bname}.
 *
 * <p>Immutable and thread-safe.
 */
public record AckMessageRequestHeader(
        String consumerGroup,
        String topic,
        int queueId,
        String extraInfo,
        long offset,
        String liteTopic,
        String brokerName)
        implements CommandCustomHeader {

    public AckMessageRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(extraInfo, "extraInfo");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static AckMessageRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "AckMessageRequestHeader");
        return new AckMessageRequestHeader(
                r.requiredString("consumerGroup"),
                r.requiredString("topic"),
                r.requiredInt("queueId"),
                r.requiredString("extraInfo"),
                r.requiredLong("offset"),
                r.optionalString("liteTopic"),
                r.optionalString("bname"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("consumerGroup", consumerGroup);
        extFields.put("topic", topic);
        extFields.put("queueId", Integer.toString(queueId));
        extFields.put("extraInfo", extraInfo);
        extFields.put("offset", Long.toString(offset));
        ExtFieldWriter.putIfNotNull(extFields, "liteTopic", liteTopic);
        ExtFieldWriter.putIfNotNull(extFields, "bname", brokerName);
    }
}
