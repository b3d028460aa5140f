package io.kitemq.broker.group;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The broker-side settings of one consumer group, under the JSON names of RocketMQ's
 * {@code SubscriptionGroupConfig} (the body of UPDATE_AND_CREATE_SUBSCRIPTIONGROUP and the entries of
 * {@code subscriptionGroups.json}). Properties missing from JSON take RocketMQ's defaults, see
 * {@link #withDefaults(String)}.
 *
 * <p>{@code groupRetryPolicy} and {@code subscriptionDataSet} (RocketMQ 5 POP and retry-policy settings
 * KiteMQ does not interpret) are kept as opaque JSON so that a file written by RocketMQ survives a
 * round trip.
 *
 * <p>Immutable (collections are unmodifiable) and thread-safe.
 *
 * @param groupName the consumer group
 * @param consumeEnable whether the group may pull
 * @param consumeFromMinEnable whether a new group may start from the queue's min offset
 * @param consumeBroadcastEnable whether broadcasting consumers may use the group
 * @param consumeMessageOrderly whether the group consumes orderly (its retry topic is then ordered)
 * @param retryQueueNums queues of the group's {@code %RETRY%} topic (1)
 * @param retryMaxTimes deliveries retried before a message goes to the {@code %DLQ%} topic (16)
 * @param groupRetryPolicy RocketMQ 5 retry policy, opaque ({@code {"type":"CUSTOMIZED"}})
 * @param brokerId the broker the group reads from normally (0, the master)
 * @param whichBrokerWhenConsumeSlowly the broker suggested when the group reads cold data (1)
 * @param notifyConsumerIdsChangedEnable whether members are told when membership changes
 * @param groupSysFlag system flag bits of the group (0)
 * @param consumeTimeoutMinute consume timeout of the group's POP consumers (15)
 * @param subscriptionDataSet RocketMQ 5 static subscriptions, opaque (empty)
 * @param attributes free-form attributes
 */
public record SubscriptionGroupConfig(
        String groupName,
        boolean consumeEnable,
        boolean consumeFromMinEnable,
        boolean consumeBroadcastEnable,
        boolean consumeMessageOrderly,
        int retryQueueNums,
        int retryMaxTimes,
        Map<String, Object> groupRetryPolicy,
        long brokerId,
        long whichBrokerWhenConsumeSlowly,
        boolean notifyConsumerIdsChangedEnable,
        int groupSysFlag,
        int consumeTimeoutMinute,
        List<Map<String, Object>> subscriptionDataSet,
        Map<String, String> attributes) {

    public static final int DEFAULT_RETRY_QUEUE_NUMS = 1;
    public static final int DEFAULT_RETRY_MAX_TIMES = 16;
    public static final long DEFAULT_SLOW_CONSUME_BROKER_ID = 1;
    public static final int DEFAULT_CONSUME_TIMEOUT_MINUTE = 15;

    public SubscriptionGroupConfig {
        if (groupName == null || groupName.isBlank()) {
            throw new IllegalArgumentException("groupName is blank");
        }
        if (retryQueueNums < 0) {
            throw new IllegalArgumentException(
                    "retryQueueNums of group " + groupName + " must be >= 0: " + retryQueueNums);
        }
        groupRetryPolicy = groupRetryPolicy == null ? Map.of("type", "CUSTOMIZED") : copy(groupRetryPolicy);
        subscriptionDataSet = subscriptionDataSet == null
                ? List.of()
                : Collections.unmodifiableList(subscriptionDataSet.stream()
                        .filter(Objects::nonNull)
                        .map(SubscriptionGroupConfig::copy)
                        .toList());
        attributes = attributes == null ? Map.of() : copy(attributes);
    }

    /** RocketMQ's {@code new SubscriptionGroupConfig()} named {@code groupName}. */
    public static SubscriptionGroupConfig withDefaults(String groupName) {
        return new SubscriptionGroupConfig(
                groupName,
                true,
                true,
                true,
                false,
                DEFAULT_RETRY_QUEUE_NUMS,
                DEFAULT_RETRY_MAX_TIMES,
                null,
                0,
                DEFAULT_SLOW_CONSUME_BROKER_ID,
                true,
                0,
                DEFAULT_CONSUME_TIMEOUT_MINUTE,
                null,
                null);
    }

    @JsonCreator
    static SubscriptionGroupConfig fromJson(
            @JsonProperty("groupName") String groupName,
            @JsonProperty("consumeEnable") Boolean consumeEnable,
            @JsonProperty("consumeFromMinEnable") Boolean consumeFromMinEnable,
            @JsonProperty("consumeBroadcastEnable") Boolean consumeBroadcastEnable,
            @JsonProperty("consumeMessageOrderly") Boolean consumeMessageOrderly,
            @JsonProperty("retryQueueNums") Integer retryQueueNums,
            @JsonProperty("retryMaxTimes") Integer retryMaxTimes,
            @JsonProperty("groupRetryPolicy") Map<String, Object> groupRetryPolicy,
            @JsonProperty("brokerId") Long brokerId,
            @JsonProperty("whichBrokerWhenConsumeSlowly") Long whichBrokerWhenConsumeSlowly,
            @JsonProperty("notifyConsumerIdsChangedEnable") Boolean notifyConsumerIdsChangedEnable,
            @JsonProperty("groupSysFlag") Integer groupSysFlag,
            @JsonProperty("consumeTimeoutMinute") Integer consumeTimeoutMinute,
            @JsonProperty("subscriptionDataSet") List<Map<String, Object>> subscriptionDataSet,
            @JsonProperty("attributes") Map<String, String> attributes) {
        return new SubscriptionGroupConfig(
                groupName,
                consumeEnable == null || consumeEnable,
                consumeFromMinEnable == null || consumeFromMinEnable,
                consumeBroadcastEnable == null || consumeBroadcastEnable,
                consumeMessageOrderly != null && consumeMessageOrderly,
                retryQueueNums == null ? DEFAULT_RETRY_QUEUE_NUMS : retryQueueNums,
                retryMaxTimes == null ? DEFAULT_RETRY_MAX_TIMES : retryMaxTimes,
                groupRetryPolicy,
                brokerId == null ? 0 : brokerId,
                whichBrokerWhenConsumeSlowly == null ? DEFAULT_SLOW_CONSUME_BROKER_ID : whichBrokerWhenConsumeSlowly,
                notifyConsumerIdsChangedEnable == null || notifyConsumerIdsChangedEnable,
                groupSysFlag == null ? 0 : groupSysFlag,
                consumeTimeoutMinute == null ? DEFAULT_CONSUME_TIMEOUT_MINUTE : consumeTimeoutMinute,
                subscriptionDataSet,
                attributes);
    }

    /** This group with {@code consumeEnable} set. */
    public SubscriptionGroupConfig withConsumeEnable(boolean enable) {
        return new SubscriptionGroupConfig(
                groupName,
                enable,
                consumeFromMinEnable,
                consumeBroadcastEnable,
                consumeMessageOrderly,
                retryQueueNums,
                retryMaxTimes,
                groupRetryPolicy,
                brokerId,
                whichBrokerWhenConsumeSlowly,
                notifyConsumerIdsChangedEnable,
                groupSysFlag,
                consumeTimeoutMinute,
                subscriptionDataSet,
                attributes);
    }

    /** The same values, null-tolerant (opaque JSON may hold nulls), unmodifiable, order kept. */
    private static <V> Map<String, V> copy(Map<String, V> in) {
        Map<String, V> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            if (k != null) {
                out.put(k, v);
            }
        });
        return Collections.unmodifiableMap(out);
    }
}
