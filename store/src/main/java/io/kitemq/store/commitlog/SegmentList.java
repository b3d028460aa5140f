package io.kitemq.store.commitlog;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The CommitLog's segments in offset order. Readers take a snapshot without locking; every change copies the
 * array and writes it back under one lock, because the writer adds segments (under the store's writer lock)
 * while retention drops the oldest from its own thread, and neither may lose the other's change.
 *
 * <p>Thread-safe.
 */
final class SegmentList {

    private final Object lock = new Object();
    private volatile Segment[] segments;

    SegmentList(Segment[] segments) {
        this.segments = segments.clone();
    }

    /** A snapshot, oldest first. */
    Segment[] snapshot() {
        return segments;
    }

    List<Segment> asList() {
        return List.of(segments);
    }

    /** The oldest segment, or null. */
    Segment oldest() {
        Segment[] segs = segments;
        return segs.length == 0 ? null : segs[0];
    }

    /** The newest segment, or null. */
    Segment newest() {
        Segment[] segs = segments;
        return segs.length == 0 ? null : segs[segs.length - 1];
    }

    /** The segment holding {@code offset}, or null. */
    Segment at(long offset) {
        Segment[] segs = segments;
        int lo = 0;
        int hi = segs.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Segment s = segs[mid];
            if (offset < s.base()) {
                hi = mid - 1;
            } else if (offset >= s.end()) {
                lo = mid + 1;
            } else {
                return s;
            }
        }
        return null;
    }

    /** The first segment starting above {@code offset}, or null. */
    Segment firstAbove(long offset) {
        for (Segment s : segments) {
            if (s.base() > offset) {
                return s;
            }
        }
        return null;
    }

    /** Adds {@code s} as the newest segment. */
    void add(Segment s) {
        synchronized (lock) {
            Segment[] now = segments;
            Segment[] grown = Arrays.copyOf(now, now.length + 1);
            grown[now.length] = s;
            segments = grown;
        }
    }

    /**
     * Drops the oldest segment if there is a newer one and {@code deletable} accepts it; returns it, or null.
     * The caller deletes its file.
     */
    Segment removeOldestIf(Predicate<Segment> deletable) {
        synchronized (lock) {
            Segment[] segs = segments;
            if (segs.length < 2 || !deletable.test(segs[0])) {
                return null;
            }
            segments = Arrays.copyOfRange(segs, 1, segs.length);
            return segs[0];
        }
    }

    /** Replaces the list (recovery's truncation). */
    void replace(List<Segment> kept) {
        synchronized (lock) {
            segments = kept.toArray(new Segment[0]);
        }
    }
}
