package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code CONSUME_MESSAGE_DIRECTLY} (309), admin to broker and broker to client. Unlike the 5.x
 * base field {@code bname}, {@link #brokerName} here is the header's own {@code brokerName} key.
 *
 * <p>Required keys: {@code consumerGroup}. Optional keys, omitted when null: {@code clientId}, {@code msgId},
 * {@code brokerName}, {@code topic}, {@code topicSysFlag}, {@code groupSysFlag}.
 *
 * <p>Immutable and thread-safe.
 */
public record ConsumeMessageDirectlyResultRequestHeader(
        String consumerGroup,
        String clientId,
        String msgId,
        String brokerName,
        String topic,
        Integer topicSysFlag,
        Integer groupSysFlag)
        implements CommandCustomHeader {

    public ConsumeMessageDirectlyResultRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static ConsumeMessageDirectlyResultRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "ConsumeMessageDirectlyResultRequestHeader");
        return new ConsumeMessageDirectlyResultRequestHeader(
                r.requiredString("consumerGroup"),
                r.optionalString("clientId"),
                r.optionalString("msgId"),
                r.optionalString("brokerName"),
                r.optionalString("topic"),
                r.optionalInt("topicSysFlag"),
                r.optionalInt("groupSysFlag"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("consumerGroup", consumerGroup);
        ExtFieldWriter.putIfNotNull(extFields, "clientId", clientId);
        ExtFieldWriter.putIfNotNull(extFields, "msgId", msgId);
        ExtFieldWriter.putIfNotNull(extFields, "brokerName", brokerName);
        ExtFieldWriter.putIfNotNull(extFields, "topic", topic);
        ExtFieldWriter.putIfNotNull(extFields, "topicSysFlag", topicSysFlag);
        ExtFieldWriter.putIfNotNull(extFields, "groupSysFlag", groupSysFlag);
    }
}
