package io.kitemq.broker.transaction;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which half messages are undecided, and when each is checked next: the broker's in-memory view of
 * {@code RMQ_SYS_TRANS_HALF_TOPIC} minus {@code RMQ_SYS_TRANS_OP_HALF_TOPIC}. Half messages are keyed by
 * their queue offset in the half topic (RocketMQ's {@code tranStateTableOffset}).
 *
 * <p>A half message becomes known when the store dispatches it (or when the log is replayed at start).
 * An end of transaction may arrive before that dispatch (the producer has its send response once the
 * record is appended); it is then remembered as resolved early, and the dispatch that follows is
 * ignored. Below {@link #dispatchedUpTo()}, a half that is not pending was resolved.
 *
 * <p>Times are epoch milliseconds passed in by the caller (no clock inside). Thread-safe: every method
 * is synchronized.
 */
final class TransactionState {

    /** An undecided half message. */
    record Pending(
            long halfOffset,
            long commitLogOffset,
            String producerGroup,
            long storeTimestamp,
            int checks,
            long nextCheckAtMillis) {}

    /** What {@link #resolve} found. */
    enum Resolution {
        /** It was pending (or not yet dispatched) and is resolved now: go on with the commit or rollback. */
        RESOLVED,
        /** It was committed, rolled back or parked before. */
        ALREADY_RESOLVED
    }

    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private final Set<Long> resolvedEarly = new HashSet<>();
    /** Resolved, but the commit or op record is not stored yet: a restart must still find them. */
    private final TreeSet<Long> settling = new TreeSet<>();

    private long dispatchedUpTo;

    /**
     * A half message was stored (and dispatched), or found undecided at replay.
     *
     * @return whether it is pending now (false when it was resolved before its dispatch, or seen already)
     */
    synchronized boolean added(Pending p) {
        if (p.halfOffset() < dispatchedUpTo) {
            return false;
        }
        dispatchedUpTo = p.halfOffset() + 1;
        if (resolvedEarly.remove(p.halfOffset())) {
            return false;
        }
        pending.put(p.halfOffset(), p);
        return true;
    }

    /** After replay: half offsets below {@code offset} are all known (pending or resolved). */
    synchronized void seenUpTo(long offset) {
        dispatchedUpTo = Math.max(dispatchedUpTo, offset);
    }

    synchronized long dispatchedUpTo() {
        return dispatchedUpTo;
    }

    /**
     * Marks the half at {@code halfOffset} resolved, unless it was already. A resolved half stays below the
     * {@link #lowWatermark} until {@link #settled} (its records are stored) or {@link #unresolve}.
     */
    synchronized Resolution resolve(long halfOffset) {
        if (pending.remove(halfOffset) == null && (halfOffset < dispatchedUpTo || !resolvedEarly.add(halfOffset))) {
            return Resolution.ALREADY_RESOLVED;
        }
        settling.add(halfOffset);
        return Resolution.RESOLVED;
    }

    /** The records that resolve the half at {@code halfOffset} are stored. */
    synchronized void settled(long halfOffset) {
        settling.remove(halfOffset);
    }

    /** Undoes a {@link #resolve} whose commit could not be stored: the half is undecided again. */
    synchronized void unresolve(Pending p) {
        settling.remove(p.halfOffset());
        if (p.halfOffset() < dispatchedUpTo) {
            pending.put(p.halfOffset(), p);
        } else {
            resolvedEarly.remove(p.halfOffset());
        }
    }

    synchronized Pending get(long halfOffset) {
        return pending.get(halfOffset);
    }

    /** The pending half messages whose next check is due at {@code now}, oldest first. */
    synchronized List<Pending> due(long now) {
        List<Pending> out = new ArrayList<>();
        for (Pending p : pending.values()) {
            if (p.nextCheckAtMillis() <= now) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Counts a check of a still-pending half and schedules the next one.
     *
     * @return the number of checks so far, or -1 if it was resolved meanwhile
     */
    synchronized int checked(long halfOffset, long nextCheckAtMillis) {
        Pending p = pending.get(halfOffset);
        if (p == null) {
            return -1;
        }
        Pending next = new Pending(
                p.halfOffset(),
                p.commitLogOffset(),
                p.producerGroup(),
                p.storeTimestamp(),
                p.checks() + 1,
                nextCheckAtMillis);
        pending.put(halfOffset, next);
        return next.checks();
    }

    /** The smallest half offset that may still be undecided: where a replay has to start reading. */
    synchronized long lowWatermark() {
        long w = pending.isEmpty() ? dispatchedUpTo : pending.firstKey();
        return settling.isEmpty() ? w : Math.min(w, settling.first());
    }

    synchronized int pendingCount() {
        return pending.size();
    }
}
