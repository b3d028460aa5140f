package io.kitemq.broker.lock;

import io.kitemq.protocol.message.MessageQueue;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue locks of orderly consumption (LOCK_BATCH_MQ / UNLOCK_BATCH_MQ): per consumer group and
 * message queue, the client that owns the queue and when it last locked it. An orderly consumer consumes
 * a queue only while it holds the lock, and re-locks every 20 s; a lock not renewed for
 * {@code lockMaxLiveTime} (60 s by default, RocketMQ's {@code rebalanceLockMaxLiveTime}) expires, and
 * another client of the group may take the queue. A client's own lock is renewed by locking again.
 * Locks live in memory only: after a broker restart every queue is free.
 *
 * <p>Thread-safe: every method synchronizes on this object. Locking is rare (every 20 s per client,
 * one batch per broker), so one monitor is enough. The clock is injected so expiry is testable.
 */
public final class QueueLocks {

    /** RocketMQ's {@code rebalanceLockMaxLiveTime}. */
    public static final Duration DEFAULT_LOCK_MAX_LIVE_TIME = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(QueueLocks.class);

    /** Who owns a queue, and since when the lock was last taken or renewed. */
    private record Lock(String clientId, long lockedAtMillis) {}

    private final InstantSource clock;
    private final long maxLiveMillis;
    /** group → queue → lock; guarded by {@code this}. */
    private final Map<String, Map<MessageQueue, Lock>> groups = new HashMap<>();

    public QueueLocks(InstantSource clock, Duration lockMaxLiveTime) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lockMaxLiveTime == null || lockMaxLiveTime.isNegative() || lockMaxLiveTime.isZero()) {
            throw new IllegalArgumentException("lockMaxLiveTime must be positive: " + lockMaxLiveTime);
        }
        this.maxLiveMillis = lockMaxLiveTime.toMillis();
    }

    public QueueLocks(InstantSource clock) {
        this(clock, DEFAULT_LOCK_MAX_LIVE_TIME);
    }

    /**
     * Locks as many of {@code queues} as {@code clientId} can have: free queues, queues whose lock
     * expired (taken over from their former owner) and queues it already owns (renewed).
     *
     * @return the queues {@code clientId} now owns among those asked for, sorted
     */
    public synchronized SortedSet<MessageQueue> tryLockBatch(String group, Set<MessageQueue> queues, String clientId) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(clientId, "clientId");
        long now = clock.millis();
        SortedSet<MessageQueue> locked = new TreeSet<>();
        Map<MessageQueue, Lock> locks = groups.computeIfAbsent(group, g -> new HashMap<>());
        for (MessageQueue mq : queues) {
            Lock current = locks.get(mq);
            if (current == null || current.clientId().equals(clientId) || expired(current, now)) {
                if (current != null && !current.clientId().equals(clientId)) {
                    log.info(
                            "group {}: queue {} taken over by {} from {}, whose lock expired",
                            group,
                            mq,
                            clientId,
                            current.clientId());
                }
                locks.put(mq, new Lock(clientId, now));
                locked.add(mq);
            } else {
                log.debug("group {}: queue {} is locked by {}, refused to {}", group, mq, current.clientId(), clientId);
            }
        }
        if (locks.isEmpty()) {
            groups.remove(group);
        }
        return Collections.unmodifiableSortedSet(locked);
    }

    /**
     * Releases those of {@code queues} that {@code clientId} owns (also when expired); queues locked by
     * another client stay locked.
     *
     * @return the queues released, sorted
     */
    public synchronized SortedSet<MessageQueue> unlockBatch(String group, Set<MessageQueue> queues, String clientId) {
        SortedSet<MessageQueue> released = new TreeSet<>();
        Map<MessageQueue, Lock> locks = groups.get(group);
        if (locks == null) {
            return Collections.unmodifiableSortedSet(released);
        }
        for (MessageQueue mq : queues) {
            Lock current = locks.get(mq);
            if (current != null && current.clientId().equals(clientId)) {
                locks.remove(mq);
                released.add(mq);
            }
        }
        if (locks.isEmpty()) {
            groups.remove(group);
        }
        return Collections.unmodifiableSortedSet(released);
    }

    /** Whether {@code clientId} holds an unexpired lock on {@code mq} for {@code group}. */
    public synchronized boolean isLockedBy(String group, MessageQueue mq, String clientId) {
        return clientId != null && clientId.equals(owner(group, mq));
    }

    /** The client holding an unexpired lock on {@code mq} for {@code group}, or null. */
    public synchronized String owner(String group, MessageQueue mq) {
        Map<MessageQueue, Lock> locks = groups.get(group);
        Lock current = locks == null ? null : locks.get(mq);
        return current == null || expired(current, clock.millis()) ? null : current.clientId();
    }

    /**
     * Releases every lock {@code clientId} holds, in every group — for a client whose connection closed.
     *
     * @return how many locks were released
     */
    public synchronized int unlockAll(String clientId) {
        int released = 0;
        for (Iterator<Map<MessageQueue, Lock>> it = groups.values().iterator(); it.hasNext(); ) {
            Map<MessageQueue, Lock> locks = it.next();
            int before = locks.size();
            locks.values().removeIf(l -> l.clientId().equals(clientId));
            released += before - locks.size();
            if (locks.isEmpty()) {
                it.remove();
            }
        }
        if (released > 0) {
            log.info("released {} queue locks of client {}", released, clientId);
        }
        return released;
    }

    private boolean expired(Lock lock, long nowMillis) {
        return nowMillis - lock.lockedAtMillis() > maxLiveMillis;
    }
}
