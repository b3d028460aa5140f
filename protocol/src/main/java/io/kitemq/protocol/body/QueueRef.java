package io.kitemq.protocol.body;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * One message queue as bodies name it — the JSON shape of RocketMQ's {@code MessageQueue}:
 * {@code {"brokerName":"broker-a","queueId":0,"topic":"T"}}. Kept in this package so the bodies do not
 * depend on the message model.
 *
 * <p>Immutable and thread-safe.
 */
@JsonPropertyOrder({"brokerName", "queueId", "topic"})
public record QueueRef(String topic, String brokerName, int queueId) implements Comparable<QueueRef> {

    /** Orders as RocketMQ's {@code MessageQueue} does: topic, broker name, queue id. */
    @Override
    public int compareTo(QueueRef o) {
        int c = compareNullable(topic, o.topic);
        if (c != 0) {
            return c;
        }
        c = compareNullable(brokerName, o.brokerName);
        return c != 0 ? c : Integer.compare(queueId, o.queueId);
    }

    private static int compareNullable(String a, String b) {
        if (Objects.equals(a, b)) {
            return 0;
        }
        if (a == null || b == null) {
            return a == null ? -1 : 1;
        }
        return a.compareTo(b);
    }
}
