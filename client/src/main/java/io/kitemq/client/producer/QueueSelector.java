package io.kitemq.client.producer;

import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageQueue;
import java.util.List;

/**
 * Picks the queue of an ordered send: messages that must stay in order go to the same queue. Must be
 * deterministic for the same {@code arg} and queue list, and thread-safe.
 */
@FunctionalInterface
public interface QueueSelector {

    /**
     * @param queues the topic's writable queues (never empty), in a stable order
     * @param message the message being sent
     * @param arg what the caller passed along (typically the ordering key)
     */
    MessageQueue select(List<MessageQueue> queues, Message message, Object arg);

    /** Queue = |hash(arg)| mod queue count, RocketMQ's {@code SelectMessageQueueByHash}. */
    static QueueSelector byHash() {
        return (queues, message, arg) -> {
            int h = arg == null ? 0 : arg.hashCode();
            return queues.get(Math.floorMod(h, queues.size()));
        };
    }
}
