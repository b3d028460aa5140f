package io.kitemq.client.admin;

/**
 * A consumer group's position in one queue: the queue's end (broker offset), the group's committed
 * offset, and the lag between them; {@code lastTimestamp} is the store time of the last consumed message
 * (0 if unknown). Immutable.
 *
 * <p>Immutable; thread-safe.
 */
public record QueueProgress(
        String topic, String brokerName, int queueId, long brokerOffset, long consumerOffset, long lastTimestamp) {

    /** Messages the group has yet to consume in this queue (never negative). */
    public long lag() {
        return Math.max(0, brokerOffset - consumerOffset);
    }
}
