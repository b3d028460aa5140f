package io.kitemq.client.consumer.offset;

import io.kitemq.protocol.message.MessageQueue;
import java.util.Map;
import java.util.Set;

/**
 * The consume progress of one consumer group: per queue, the offset of the next message to consume
 * (RocketMQ's convention: a committed offset {@code n} means messages {@code 0..n-1} are done).
 *
 * <p>Updates go to memory; {@link #persist(Set)} makes them durable (on the broker for clustering,
 * in a local file for broadcasting). The owning consumer calls it periodically (every 5 s by default)
 * and on close. Implementations are thread-safe.
 */
public interface OffsetStore {

    /** Offset the store has for {@code queue} without asking anyone, or {@code -1} if none. */
    long readLocal(MessageQueue queue);

    /**
     * The durable offset for {@code queue} (for the broker store: asked from the broker, then cached
     * locally), or {@code -1} if the group has none yet.
     *
     * @throws io.kitemq.client.KiteMqClientException if the durable copy cannot be read; a caller should
     *     not guess a start offset then
     */
    long readDurable(MessageQueue queue);

    /** Records progress in memory; with {@code increaseOnly} a smaller offset than the current is ignored. */
    void update(MessageQueue queue, long offset, boolean increaseOnly);

    /**
     * Makes the in-memory offsets of {@code queues} durable and forgets the others (queues this client
     * no longer owns). Errors are logged, not thrown: the next round retries.
     */
    void persist(Set<MessageQueue> queues);

    /** Makes one queue's offset durable now (used when a queue is handed over in a rebalance). */
    void persist(MessageQueue queue);

    /** Forgets {@code queue} (after it was persisted and handed over). */
    void remove(MessageQueue queue);

    /** A copy of the in-memory offsets. */
    Map<MessageQueue, Long> snapshot();
}
