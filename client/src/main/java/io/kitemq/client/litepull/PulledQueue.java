package io.kitemq.client.litepull;

import io.kitemq.client.consumer.ProcessQueue;
import io.kitemq.protocol.message.MessageQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One queue a {@link LitePullConsumer} reads: its ownership ({@link ProcessQueue#isDropped()}), the
 * seek generation (a seek starts a new generation; pulls and buffered batches of older generations are
 * discarded), how many of its messages wait in the poll buffer, and the consumed offset (one past the
 * last message handed out by poll, or the seek target) that a commit sends to the broker.
 *
 * <p>Thread-safe (atomics).
 */
final class PulledQueue {

    private final ProcessQueue owner;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicLong consumed;

    PulledQueue(ProcessQueue owner, long startOffset) {
        this.owner = owner;
        this.consumed = new AtomicLong(startOffset);
    }

    MessageQueue queue() {
        return owner.queue();
    }

    boolean isDropped() {
        return owner.isDropped();
    }

    void drop() {
        owner.drop();
    }

    long generation() {
        return generation.get();
    }

    /** Starts a new generation at {@code offset}; returns it. */
    long seek(long offset) {
        long g = generation.incrementAndGet();
        buffered.set(0);
        consumed.set(offset);
        return g;
    }

    AtomicInteger buffered() {
        return buffered;
    }

    long consumed() {
        return consumed.get();
    }

    void consumedUpTo(long nextOffset) {
        consumed.set(nextOffset);
    }
}
