package io.kitemq.client.consumer;

import io.kitemq.protocol.message.MessageQueue;

/**
 * Where the messages handed to a listener come from.
 *
 * <p>Immutable and thread-safe.
 */
public record ConsumeContext(MessageQueue queue) {}
