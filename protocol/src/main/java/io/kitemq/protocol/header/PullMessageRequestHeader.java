package io.kitemq.protocol.header;

import java.util.Map;
import java.util.Objects;

/**
 * Custom header of {@code PULL_MESSAGE} (11) and {@code LITE_PULL_MESSAGE} (361), consumer to broker.
 * {@link #sysFlag} carries the pull flags (commit offset, suspend, subscription, class filter, lite pull);
 * {@link #proxyForwardClientId} travels under RocketMQ's misspelt key {@code proxyFrowardClientId}; the 5.x base
 * field {@code bname} is carried as {@link #brokerName}.
 *
 * <p>Required keys: {@code consumerGroup}, {@code topic}, {@code queueId}, {@code queueOffset}, {@code maxMsgNums},
 * {@code sysFlag}, {@code commitOffset}, {@code suspendTimeoutMillis}, {@code subVersion}. Optional keys, omitted
 * when null: {@code liteTopic}, {@code subscription}, {@code expressionType}, {@code maxMsgBytes},
 * {@code requestSource}, {@code proxyFrowardClientId}, {@code bname}. Components sent under another key:
 * {@code proxyForwardClientId} as {@code proxyFrowardClientId}, {@code brokerName} as {@code bname}.
 *
 * <p>Immutable and thread-safe.
 */
public record PullMessageRequestHeader(
        String consumerGroup,
        String topic,
        String liteTopic,
        int queueId,
        long queueOffset,
        int maxMsgNums,
        int sysFlag,
        long commitOffset,
        long suspendTimeoutMillis,
        String subscription,
        long subVersion,
        String expressionType,
        Integer maxMsgBytes,
        Integer requestSource,
        String proxyForwardClientId,
        String brokerName)
        implements CommandCustomHeader {

    public PullMessageRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(topic, "topic");
    }

    /**
     * Reads the header from a command's extFields; unknown keys (such as the 5.x base fields) are ignored.
     *
     * @throws MissingHeaderFieldException if a required field is absent or not a number
     */
    public static PullMessageRequestHeader decode(Map<String, String> extFields) {
        ExtFieldReader r = new ExtFieldReader(extFields, "PullMessageRequestHeader");
        return new PullMessageRequestHeader(
                r.requiredString("consumerGroup"),
                r.requiredString("topic"),
                r.optionalString("liteTopic"),
                r.requiredInt("queueId"),
                r.requiredLong("queueOffset"),
                r.requiredInt("maxMsgNums"),
                r.requiredInt("sysFlag"),
                r.requiredLong("commitOffset"),
                r.requiredLong("suspendTimeoutMillis"),
                r.optionalString("subscription"),
                r.requiredLong("subVersion"),
                r.optionalString("expressionType"),
                r.optionalInt("maxMsgBytes"),
                r.optionalInt("requestSource"),
                r.optionalString("proxyFrowardClientId"),
                r.optionalString("bname"));
    }

    @Override
    public void encodeTo(Map<String, String> extFields) {
        extFields.put("consumerGroup", consumerGroup);
        extFields.put("topic", topic);
        ExtFieldWriter.putIfNotNull(extFields, "liteTopic", liteTopic);
        extFields.put("queueId", Integer.toString(queueId));
        extFields.put("queueOffset", Long.toString(queueOffset));
        extFields.put("maxMsgNums", Integer.toString(maxMsgNums));
        extFields.put("sysFlag", Integer.toString(sysFlag));
        extFields.put("commitOffset", Long.toString(commitOffset));
        extFields.put("suspendTimeoutMillis", Long.toString(suspendTimeoutMillis));
        ExtFieldWriter.putIfNotNull(extFields, "subscription", subscription);
        extFields.put("subVersion", Long.toString(subVersion));
        ExtFieldWriter.putIfNotNull(extFields, "expressionType", expressionType);
        ExtFieldWriter.putIfNotNull(extFields, "maxMsgBytes", maxMsgBytes);
        ExtFieldWriter.putIfNotNull(extFields, "requestSource", requestSource);
        ExtFieldWriter.putIfNotNull(extFields, "proxyFrowardClientId", proxyForwardClientId);
        ExtFieldWriter.putIfNotNull(extFields, "bname", brokerName);
    }
}
