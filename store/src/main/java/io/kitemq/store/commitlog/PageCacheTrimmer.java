package io.kitemq.store.commitlog;

import io.kitemq.store.file.PageCache;
import java.nio.file.Path;

/**
 * Drops the CommitLog's flushed pages from the page cache behind a limit its owner moves forward (see {@link
 * PageCache} for why), range after range: each starts where the last ended, never below the oldest segment, and
 * covers whole pages only. Only advice: readers of a dropped range read it from disk.
 *
 * <p>Thread-safe: every method synchronises on this object (in practice the flushing thread calls it, and the
 * store once at open).
 */
public final class PageCacheTrimmer {

    /** Clean pages are dropped in steps of at least this many bytes (or one segment, if smaller). */
    static final long DROP_STEP = 8 << 20;

    private final CommitLog log;
    private final PageDropper dropper;
    /** Below this, cached pages were dropped or are left alone. */
    private long droppedTo;

    public PageCacheTrimmer(CommitLog log) {
        this(log, PageCache::drop);
    }

    /** With {@code dropper} instead of {@link PageCache#drop} (tests record the calls). */
    PageCacheTrimmer(CommitLog log, PageDropper dropper) {
        this.log = log;
        this.dropper = dropper;
    }

    /**
     * Drops the cached pages of everything below {@code limit} (and below the flushed position, rounded down to a
     * page) that earlier calls have not dropped, once that is at least {@link #DROP_STEP} bytes (or a segment, if
     * smaller); returns the bytes dropped (0 if it waited for more, or nothing could be dropped). Segments deleted
     * meanwhile are skipped.
     */
    public synchronized long dropCachedBelow(long limit) {
        // whole pages only: the kernel keeps a page the range covers in part, and the next range would not cover
        // it again (4 KiB pages assumed: with larger ones, one partial page per step stays cached until the kernel
        // reclaims it)
        long to = Math.min(limit, log.flushedPosition()) & -SegmentPreparer.PAGE;
        long from = Math.max(droppedTo, log.minOffset());
        if (to - from < Math.min(DROP_STEP, log.segmentBytes())) {
            return 0;
        }
        long dropped = 0;
        for (Segment s : log.segments()) {
            long a = Math.max(from, s.base());
            long b = Math.min(to, s.end());
            if (a < b && dropper.drop(s.file().path(), a - s.base(), b - a)) {
                dropped += b - a;
            }
        }
        droppedTo = to;
        return dropped;
    }

    /** Everything below this was dropped from the page cache, or never needs to be (see {@link #dropCachedBelow}). */
    public synchronized long droppedTo() {
        return droppedTo;
    }

    /**
     * Leaves the page cache of everything below {@code position} alone: dropping starts there (at the latest when
     * the store opens, so that what was cached before is not dropped all at once).
     */
    public synchronized void dropCachedFrom(long position) {
        droppedTo = Math.max(droppedTo, position & -SegmentPreparer.PAGE);
    }

    /** Drops the cached pages of a file range; true if it did. */
    @FunctionalInterface
    interface PageDropper {
        boolean drop(Path file, long offset, long length);
    }
}
