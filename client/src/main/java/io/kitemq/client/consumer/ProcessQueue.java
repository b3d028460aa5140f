package io.kitemq.client.consumer;

import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The messages of one owned queue that were pulled but are not consumed yet, ordered by queue offset,
 * with their count and body size for flow control. The offset a consumer may commit is always the
 * smallest offset still in flight (or one past the largest pulled when none is), so a crash never
 * skips an unconsumed message even when later ones finished first.
 *
 * <p>For orderly consumption, {@link #take(int)} moves messages to a "consuming" area; {@link
 * #commitTaken()} drops them and {@link #returnTaken(List)} puts them back for a retry.
 *
 * <p>Also carries the queue's ownership state: {@link #drop()} once it is handed to another client, and
 * the broker lock for orderly consumption.
 *
 * <p>Thread-safe: all state is guarded by this object's monitor (short critical sections; the pull
 * thread adds, consume threads remove).
 */
public final class ProcessQueue {

    private final MessageQueue queue;
    private final TreeMap<Long, MessageExt> messages = new TreeMap<>();
    private final TreeMap<Long, MessageExt> taken = new TreeMap<>();
    private long bytes;
    private long maxOffset = -1;
    private volatile boolean dropped;
    private volatile boolean locked;
    private volatile long lastLockMillis;
    private volatile long lastPullMillis = System.currentTimeMillis();
    private final ReentrantLock consumeLock = new ReentrantLock();
    private final AtomicBoolean orderlyScheduled = new AtomicBoolean();

    public ProcessQueue(MessageQueue queue) {
        this.queue = queue;
    }

    public MessageQueue queue() {
        return queue;
    }

    /** Adds pulled messages (duplicates by offset replace). */
    public synchronized void add(List<MessageExt> pulled) {
        for (MessageExt m : pulled) {
            MessageExt old = messages.put(m.getQueueOffset(), m);
            if (old == null) {
                bytes += bodySize(m);
            } else {
                bytes += bodySize(m) - bodySize(old);
            }
            maxOffset = Math.max(maxOffset, m.getQueueOffset());
        }
    }

    /**
     * Removes consumed messages and returns the offset to commit: the smallest offset still in flight,
     * or one past the largest pulled offset when nothing is; {@code -1} if this queue never held any.
     */
    public synchronized long remove(List<MessageExt> consumed) {
        for (MessageExt m : consumed) {
            MessageExt old = messages.remove(m.getQueueOffset());
            if (old != null) {
                bytes -= bodySize(old);
            }
        }
        return commitOffset();
    }

    /** The offset a commit may claim now (see {@link #remove(List)}). */
    public synchronized long commitOffset() {
        if (!taken.isEmpty()) {
            return taken.firstKey();
        }
        if (!messages.isEmpty()) {
            return messages.firstKey();
        }
        return maxOffset < 0 ? -1 : maxOffset + 1;
    }

    /** Messages held (not yet consumed), including taken ones. */
    public synchronized int count() {
        return messages.size() + taken.size();
    }

    /** Body bytes held, including taken ones. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Distance between the largest and smallest held offsets (0 when fewer than two are held). */
    public synchronized long span() {
        return messages.isEmpty() ? 0 : messages.lastKey() - messages.firstKey();
    }

    /** Orderly: moves up to {@code max} messages, lowest offsets first, to the consuming area. */
    public synchronized List<MessageExt> take(int max) {
        List<MessageExt> out = new ArrayList<>(Math.min(max, messages.size()));
        while (out.size() < max && !messages.isEmpty()) {
            Map.Entry<Long, MessageExt> e = messages.pollFirstEntry();
            taken.put(e.getKey(), e.getValue());
            out.add(e.getValue());
        }
        return out;
    }

    /** Orderly: the taken messages were consumed; returns the offset to commit ({@code -1} if none). */
    public synchronized long commitTaken() {
        if (taken.isEmpty()) {
            return -1;
        }
        long next = taken.lastKey() + 1;
        for (MessageExt m : taken.values()) {
            bytes -= bodySize(m);
        }
        taken.clear();
        return next;
    }

    /** Orderly: puts taken messages back so they are consumed again, in order. */
    public synchronized void returnTaken(List<MessageExt> retry) {
        for (MessageExt m : retry) {
            MessageExt t = taken.remove(m.getQueueOffset());
            if (t != null) {
                messages.put(m.getQueueOffset(), m);
            }
        }
    }

    /** Orderly: whether messages wait that were not taken yet. */
    public synchronized boolean hasUntaken() {
        return !messages.isEmpty();
    }

    /**
     * Orderly: held while a batch of this queue is consumed, so that a rebalance can wait for the
     * running batch before it releases the broker lock.
     */
    public ReentrantLock consumeLock() {
        return consumeLock;
    }

    /** Orderly: set while a consume task of this queue is queued or running (one at a time). */
    AtomicBoolean orderlyScheduled() {
        return orderlyScheduled;
    }

    /** Drops everything held (after an offset reset). */
    public synchronized void clear() {
        messages.clear();
        taken.clear();
        bytes = 0;
        maxOffset = -1;
    }

    /** The held messages, lowest offset first (a snapshot). */
    public synchronized NavigableMap<Long, MessageExt> snapshot() {
        return new TreeMap<>(messages);
    }

    public boolean isDropped() {
        return dropped;
    }

    /** Marks the queue as no longer owned: pulls and consumption of it stop. */
    public void drop() {
        dropped = true;
    }

    public boolean isLocked() {
        return locked;
    }

    /** True when the broker lock was granted and renewed within {@code maxLiveMillis}. */
    public boolean isLockValid(long nowMillis, long maxLiveMillis) {
        return locked && nowMillis - lastLockMillis <= maxLiveMillis;
    }

    public void setLocked(boolean locked, long nowMillis) {
        this.locked = locked;
        if (locked) {
            this.lastLockMillis = nowMillis;
        }
    }

    public long lastPullMillis() {
        return lastPullMillis;
    }

    public void markPulled(long nowMillis) {
        this.lastPullMillis = nowMillis;
    }

    private static long bodySize(MessageExt m) {
        return m.getBody() == null ? 0 : m.getBody().length;
    }

    @Override
    public String toString() {
        return "ProcessQueue[" + queue + ", count=" + count() + ", dropped=" + dropped + "]";
    }
}
