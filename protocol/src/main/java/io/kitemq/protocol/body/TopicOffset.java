package io.kitemq.protocol.body;

/**
 * One queue of a topic inside {@link TopicStatsTable}: its first and end offsets (end = one past the last
 * entry) and the store time of its last message (0 when the queue is empty).
 *
 * <p>Immutable and thread-safe.
 */
public record TopicOffset(long minOffset, long maxOffset, long lastUpdateTimestamp) {}
