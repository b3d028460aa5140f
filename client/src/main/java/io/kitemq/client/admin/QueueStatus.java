package io.kitemq.client.admin;

/**
 * The offsets of one queue of a topic on one broker: the first offset still stored, the next offset to
 * be written (so {@code maxOffset - minOffset} messages are readable), and when the last message was
 * stored (0 when none). Immutable.
 *
 * <p>Immutable; thread-safe.
 */
public record QueueStatus(String brokerName, int queueId, long minOffset, long maxOffset, long lastUpdateTimestamp) {

    public long messages() {
        return maxOffset - minOffset;
    }
}
