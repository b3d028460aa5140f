package io.kitemq.protocol.body;

/**
 * The progress of one group on one queue, inside {@link ConsumeStats}: the queue's max offset on the
 * broker, the group's committed offset, its pull offset (RocketMQ 5 pop), and the store time of the last
 * consumed message (0 if unknown).
 *
 * <p>Immutable and thread-safe.
 */
public record OffsetWrapper(long brokerOffset, long consumerOffset, long pullOffset, long lastTimestamp) {}
