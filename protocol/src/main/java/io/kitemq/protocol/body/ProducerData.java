package io.kitemq.protocol.body;

/**
 * One producer group a client belongs to, inside {@link HeartbeatData}.
 *
 * <p>Immutable and thread-safe.
 */
public record ProducerData(String groupName) {}
