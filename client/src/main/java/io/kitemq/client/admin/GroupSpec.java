package io.kitemq.client.admin;

import io.kitemq.client.FatalClientException;
import io.kitemq.protocol.message.TopicName;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of a consumer (subscription) group that the admin client writes: whether it may consume,
 * whether broadcasting consumers may use it, whether it consumes orderly, its retry queues and how many
 * times a message is retried before it goes to the dead-letter topic ({@code %DLQ%<group>}).
 *
 * <p>Sent as the body of UPDATE_AND_CREATE_SUBSCRIPTIONGROUP under RocketMQ's {@code SubscriptionGroupConfig}
 * JSON names; fields not listed here take the broker's defaults. Immutable; validated.
 *
 * <p>Immutable; thread-safe.
 */
public record GroupSpec(
        String group,
        boolean consumeEnable,
        boolean consumeBroadcastEnable,
        boolean consumeOrderly,
        int retryQueueNums,
        int retryMaxTimes) {

    public static final int DEFAULT_RETRY_MAX_TIMES = 16;

    public GroupSpec {
        if (group == null || group.isBlank() || group.length() > 255 || TopicName.illegalCharAt(group) >= 0) {
            throw new FatalClientException(
                    "Invalid group name '" + group + "' (1..255 of letters, digits, %, |, _ and -)");
        }
        if (retryQueueNums < 0 || retryMaxTimes < -1) {
            throw new FatalClientException("Group " + group + ": retryQueueNums must be >= 0 and retryMaxTimes >= -1");
        }
    }

    /** RocketMQ's defaults: consume enabled, broadcast allowed, concurrent, one retry queue, 16 retries. */
    public static GroupSpec of(String group) {
        return new GroupSpec(group, true, true, false, 1, DEFAULT_RETRY_MAX_TIMES);
    }

    public GroupSpec withRetryMaxTimes(int value) {
        return new GroupSpec(group, consumeEnable, consumeBroadcastEnable, consumeOrderly, retryQueueNums, value);
    }

    public GroupSpec withConsumeOrderly(boolean value) {
        return new GroupSpec(group, consumeEnable, consumeBroadcastEnable, value, retryQueueNums, retryMaxTimes);
    }

    /** The body fields under RocketMQ's names. */
    Map<String, Object> toBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("groupName", group);
        body.put("consumeEnable", consumeEnable);
        body.put("consumeFromMinEnable", true);
        body.put("consumeBroadcastEnable", consumeBroadcastEnable);
        body.put("consumeMessageOrderly", consumeOrderly);
        body.put("retryQueueNums", retryQueueNums);
        body.put("retryMaxTimes", retryMaxTimes);
        body.put("brokerId", 0);
        body.put("whichBrokerWhenConsumeSlowly", 1);
        body.put("notifyConsumerIdsChangedEnable", true);
        return body;
    }

    /** Reads the fields this record has from a group's JSON as a broker lists it; absent ones default. */
    static GroupSpec fromBody(String name, Map<String, Object> body) {
        return new GroupSpec(
                name,
                bool(body.get("consumeEnable"), true),
                bool(body.get("consumeBroadcastEnable"), true),
                bool(body.get("consumeMessageOrderly"), false),
                integer(body.get("retryQueueNums"), 1),
                integer(body.get("retryMaxTimes"), DEFAULT_RETRY_MAX_TIMES));
    }

    private static boolean bool(Object value, boolean absent) {
        return value instanceof Boolean b ? b : value == null ? absent : Boolean.parseBoolean(value.toString());
    }

    private static int integer(Object value, int absent) {
        return value instanceof Number n ? n.intValue() : value == null ? absent : Integer.parseInt(value.toString());
    }
}
