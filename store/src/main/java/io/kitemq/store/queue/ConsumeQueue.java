package io.kitemq.store.queue;

import static io.kitemq.store.queue.ConsumeQueueFormat.ENTRY_BYTES;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongBinaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ConsumeQueue of one (topic, queueId): logical queue offset {@code i} → entry {@code i} (CommitLog
 * offset, record size, tag hash), kept in contiguous segment files of {@code entriesPerSegment} entries
 * ({@link ConsumeQueueFormat}). Holds the valid range {@code [minOffset, maxOffset)}: entries below
 * {@code minOffset} point at CommitLog records that retention deleted (or are leading blanks), {@code
 * maxOffset} is the next offset to write. Everything here can be rebuilt from the CommitLog by the
 * store's dispatcher, the only writer.
 *
 * <h2>Thread-safety</h2>
 *
 * <ul>
 *   <li>Mutations ({@link #put}, {@link #truncateAfterCommitLog}, {@link #deleteBefore}, {@link #close},
 *       {@link #destroy}) are serialized by this object's monitor: in practice the dispatcher appends
 *       and the retention cleaner deletes.
 *   <li>Reads ({@link #read}, {@link #offsetForTimestamp}, the offset getters) take no lock and may run
 *       in any number of threads. An entry is written completely before {@code maxOffset} (volatile) is
 *       raised past it, and a reader loads {@code maxOffset} before it touches entry bytes, so it never
 *       sees half an entry. Retention raises {@code minOffset} before it deletes files, and a deleted
 *       file's mapping stays readable, so a reader racing it reads old entries or nothing.
 *   <li>{@link #flush} has its own lock, so an fsync never blocks the writer.
 *   <li>{@link #truncateAfterCommitLog} belongs to recovery, before the queue is served: it lowers {@code
 *       maxOffset} first, but a reader already past that check may see entries vanish (it stops at a zeroed
 *       one).
 * </ul>
 */
public final class ConsumeQueue {

    private static final Logger log = LoggerFactory.getLogger(ConsumeQueue.class);
    private static final ConsumeQueueSegment[] NO_SEGMENTS = {};

    private final Path dir;
    private final String topic;
    private final int queueId;
    private final int capacity;
    private final String name;
    private final long bytesCutAtOpen;
    private final Object flushLock = new Object();

    /** Contiguous, oldest first; replaced (copy-on-write) on roll, retention and truncation. */
    private volatile ConsumeQueueSegment[] segments;

    private volatile long minOffset;
    private volatile long maxOffset;
    /** CommitLog end (offset + size) of entry {@code maxOffset - 1}, -1 if none is known. */
    private volatile long lastCommitLogEnd;

    private volatile boolean closed;
    /** Entries below this are forced to disk. Guarded by {@link #flushLock}. */
    private long flushedOffset;

    private ConsumeQueue(Path dir, String topic, int queueId, int capacity, ConsumeQueueRecovery.Recovered r) {
        this.dir = dir;
        this.topic = topic;
        this.queueId = queueId;
        this.capacity = capacity;
        this.name = topic + "-" + queueId;
        this.segments = r.segments();
        this.minOffset = r.minOffset();
        this.maxOffset = r.maxOffset();
        this.lastCommitLogEnd = r.lastCommitLogEnd();
        this.flushedOffset = r.maxOffset();
        this.bytesCutAtOpen = r.bytesCut();
    }

    /**
     * Opens the queue stored in {@code queueDir} (which need not exist yet: it is created with the first
     * segment) and recovers its tail ({@link ConsumeQueueRecovery}). Logs what it found and cut. The
     * store should then call {@link #deleteBefore} with the CommitLog's min offset (the min offset is not
     * persisted) and {@link #truncateAfterCommitLog} with the CommitLog's recovered end.
     *
     * @throws IllegalStateException if the files were written with another {@code entriesPerSegment}
     * @throws UncheckedIOException on I/O failure
     */
    public static ConsumeQueue open(Path queueDir, String topic, int queueId, int entriesPerSegment) {
        if (entriesPerSegment <= 0 || entriesPerSegment > ConsumeQueueFormat.MAX_ENTRIES_PER_SEGMENT) {
            throw new IllegalArgumentException("entriesPerSegment out of range: " + entriesPerSegment);
        }
        String name = topic + "-" + queueId;
        ConsumeQueueRecovery.Recovered r = ConsumeQueueRecovery.recover(queueDir, name, entriesPerSegment);
        if (r.bytesCut() > 0 || r.filesDeleted() > 0) {
            log.warn(
                    "{}: recovered entries [{}, {}) in {} segment(s); cut {} bytes ({} entries) of torn tail,"
                            + " deleted {} file(s)",
                    name,
                    r.minOffset(),
                    r.maxOffset(),
                    r.segments().length,
                    r.bytesCut(),
                    (r.bytesCut() + ENTRY_BYTES - 1) / ENTRY_BYTES,
                    r.filesDeleted());
        } else if (r.segments().length > 0) {
            log.debug(
                    "{}: recovered entries [{}, {}) in {} segment(s), nothing cut",
                    name,
                    r.minOffset(),
                    r.maxOffset(),
                    r.segments().length);
        }
        return new ConsumeQueue(queueDir, topic, queueId, entriesPerSegment, r);
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    public Path dir() {
        return dir;
    }

    public int entriesPerSegment() {
        return capacity;
    }

    /** The first logical offset that can be read. */
    public long minOffset() {
        return minOffset;
    }

    /** The next logical offset to write: one past the last entry. */
    public long maxOffset() {
        return maxOffset;
    }

    public boolean isEmpty() {
        long max = maxOffset;
        return minOffset >= max;
    }

    /**
     * CommitLog offset + size of the last entry: where the dispatcher may resume for this queue; -1 if
     * the queue holds no entry.
     */
    public long maxCommitLogEnd() {
        return lastCommitLogEnd;
    }

    /** CommitLog offset of the last entry, -1 if the queue is empty. */
    public long lastCommitLogOffset() {
        long max = maxOffset;
        ConsumeQueueSegment[] segs = segments;
        if (max <= minOffset) {
            return -1;
        }
        ConsumeQueueSegment seg = segmentOf(segs, max - 1);
        return seg == null ? -1 : seg.commitLogOffset(slotOf(seg, max - 1));
    }

    /** Bytes of torn or garbled tail that recovery cut when this queue was opened. */
    public long bytesCutAtOpen() {
        return bytesCutAtOpen;
    }

    /**
     * Writes entry {@code queueOffset}. Called by the dispatcher only (one thread); idempotent so a
     * re-dispatch after a restart is harmless:
     *
     * <ul>
     *   <li>{@code queueOffset < minOffset}: already retired, ignored → true;
     *   <li>{@code queueOffset < maxOffset}: an identical stored entry → true; a different one is kept, the
     *       new one dropped with a WARN → false;
     *   <li>{@code queueOffset == maxOffset}: appended (rolling to a new segment when full) → true;
     *   <li>{@code queueOffset > maxOffset}: the gap is filled with blank entries that readers skip (as
     *       RocketMQ's {@code fillPreBlank}), then appended → true. On an empty queue the first segment
     *       is the one holding {@code queueOffset}, blank up to it, and {@code minOffset} becomes it.
     * </ul>
     *
     * A record that starts before the last entry's record ends (the CommitLog goes forward) is refused
     * with a WARN → false; so is any put after {@link #close}.
     *
     * @throws IllegalArgumentException for a negative offset or a size that no record has
     * @throws UncheckedIOException if a segment file cannot be created
     */
    public synchronized boolean put(long queueOffset, long commitLogOffset, int size, long tagHash) {
        if (queueOffset < 0 || commitLogOffset < 0 || size <= 0 || size == ConsumeQueueFormat.BLANK_SIZE) {
            throw new IllegalArgumentException(
                    name + ": bad entry " + queueOffset + " -> (" + commitLogOffset + ", " + size + ")");
        }
        if (closed) {
            log.warn("{}: put of queue offset {} after close, dropped", name, queueOffset);
            return false;
        }
        long max = maxOffset;
        if (queueOffset < max) {
            return matchesStored(queueOffset, commitLogOffset, size, tagHash);
        }
        if (commitLogOffset < lastCommitLogEnd) {
            log.warn(
                    "{}: refusing queue offset {} at CommitLog offset {}: the previous entry's record ends at {}",
                    name,
                    queueOffset,
                    commitLogOffset,
                    lastCommitLogEnd);
            return false;
        }
        boolean wasEmpty = minOffset >= max;
        long fillFrom = max;
        if (segments.length == 0) {
            fillFrom = queueOffset - queueOffset % capacity;
            createFirstSegment(fillFrom);
        } else if (queueOffset > max) {
            log.warn(
                    "{}: queue offset {} skips {} offset(s); filling them with blanks",
                    name,
                    queueOffset,
                    queueOffset - max);
        }
        for (long offset = fillFrom; offset < queueOffset; offset++) {
            ConsumeQueueSegment seg = segmentForWrite(offset);
            seg.writeBlank(slotOf(seg, offset));
        }
        ConsumeQueueSegment seg = segmentForWrite(queueOffset);
        seg.write(slotOf(seg, queueOffset), commitLogOffset, size, tagHash);
        lastCommitLogEnd = commitLogOffset + size;
        if (wasEmpty) {
            minOffset = queueOffset;
        }
        maxOffset = queueOffset + 1; // publish: the entry above is complete
        return true;
    }

    private boolean matchesStored(long queueOffset, long commitLogOffset, int size, long tagHash) {
        if (queueOffset < minOffset) {
            log.debug("{}: re-put of retired queue offset {} ignored", name, queueOffset);
            return true;
        }
        ConsumeQueueSegment seg = segmentOf(segments, queueOffset);
        int slot = slotOf(seg, queueOffset);
        long storedOffset = seg.commitLogOffset(slot);
        int storedSize = seg.size(slot);
        long storedTag = seg.tagHash(slot);
        if (storedOffset == commitLogOffset && storedSize == size && storedTag == tagHash) {
            return true;
        }
        log.warn(
                "{}: queue offset {} already holds ({}, {}, {}), not ({}, {}, {}); keeping the stored entry",
                name,
                queueOffset,
                storedOffset,
                storedSize,
                storedTag,
                commitLogOffset,
                size,
                tagHash);
        return false;
    }

    private void createFirstSegment(long base) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        synchronized (flushLock) {
            flushedOffset = Math.min(flushedOffset, base);
        }
        segments = new ConsumeQueueSegment[] {ConsumeQueueSegment.open(dir, base, capacity)};
        log.info("{}: created first segment {}", name, ConsumeQueueFormat.fileName(base));
    }

    /** The segment holding {@code offset}, rolling to a new one when {@code offset} is just past the last. */
    private ConsumeQueueSegment segmentForWrite(long offset) {
        ConsumeQueueSegment[] segs = segments;
        int index = (int) ((offset - segs[0].baseOffset()) / capacity);
        if (index < segs.length) {
            return segs[index];
        }
        long base = segs[segs.length - 1].endOffset();
        ConsumeQueueSegment next = ConsumeQueueSegment.open(dir, base, capacity);
        ConsumeQueueSegment[] grown = Arrays.copyOf(segs, segs.length + 1);
        grown[segs.length] = next;
        segments = grown;
        log.info("{}: rolled to segment {}", name, ConsumeQueueFormat.fileName(base));
        return next;
    }

    /**
     * Copies up to {@code maxEntries} entries starting at {@code fromOffset} into {@code out} and returns
     * how many it copied. Examines at most {@code min(maxEntries, out.capacity())} slots: blank slots are
     * skipped without being copied, so the count may be smaller than the slots examined; {@link
     * ConsumeQueueEntries#nextOffset()} says where to continue. Reads nothing (0, next offset = {@code
     * fromOffset}) when {@code fromOffset < minOffset()} or {@code >= maxOffset()}: the caller maps that to
     * offset-too-small / no-new-message by comparing with the getters. Lock-free, allocation-free; any
     * thread.
     */
    public int read(long fromOffset, int maxEntries, ConsumeQueueEntries out) {
        out.reset(fromOffset);
        long max = maxOffset; // load before the bytes: the entries below it are complete
        long min = minOffset;
        ConsumeQueueSegment[] segs = segments;
        if (fromOffset < min || fromOffset >= max || maxEntries <= 0) {
            return 0;
        }
        long end = Math.min(max, fromOffset + Math.min(maxEntries, out.capacity()));
        long offset = fromOffset;
        while (offset < end) {
            ConsumeQueueSegment seg = segmentOf(segs, offset);
            if (seg == null) {
                break; // deleted or truncated meanwhile
            }
            int slot = slotOf(seg, offset);
            long phy = seg.commitLogOffset(slot);
            int size = seg.size(slot);
            long tag = seg.tagHash(slot);
            if (size == 0) {
                break; // zeroed by a concurrent truncation
            }
            if (!ConsumeQueueFormat.isBlank(phy, size, tag)) {
                out.add(offset, phy, size, tag);
            }
            offset++;
        }
        out.nextOffset(offset);
        return out.count();
    }

    /**
     * The queue offset of a store time, by binary search; {@code storeTimeOf.applyAsLong(commitLogOffset,
     * size)} reads a record's store timestamp from the CommitLog (negative when the record is gone, which
     * counts as older than any time). Store times are assumed non-decreasing along the queue. Same
     * answers as RocketMQ's {@code ConsumeQueue.getOffsetInQueueByTime}:
     *
     * <ul>
     *   <li>lower boundary: the first offset whose store time is {@code >= timestampMs}; {@code
     *       maxOffset()} if there is none (all older), {@code minOffset()} if all are newer;
     *   <li>upper boundary: the last offset whose store time is {@code <= timestampMs}; {@code
     *       maxOffset() - 1} if all are older, and 0 if all are newer (RocketMQ returns 0, not {@code
     *       minOffset() - 1}).
     * </ul>
     *
     * An empty queue answers {@code maxOffset()} (lower) or 0 (upper). Any thread.
     */
    public long offsetForTimestamp(long timestampMs, boolean upperBoundary, LongBinaryOperator storeTimeOf) {
        long max = maxOffset;
        long min = minOffset;
        ConsumeQueueSegment[] segs = segments;
        if (min >= max || segs.length == 0) {
            return upperBoundary ? 0 : max;
        }
        // first offset in [min, max) past the boundary: time > ts (upper) or time >= ts (lower)
        long lo = min;
        long hi = max;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            long time = storeTimeAt(segs, mid, max, storeTimeOf);
            if (upperBoundary ? time > timestampMs : time >= timestampMs) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        if (upperBoundary) {
            long last = lo - 1;
            while (last >= min && isBlankAt(segs, last)) {
                last--;
            }
            return last >= min ? last : 0;
        }
        while (lo < max && isBlankAt(segs, lo)) {
            lo++;
        }
        return lo;
    }

    /** Store time of the entry at {@code offset}; a blank takes the time of the next real entry. */
    private long storeTimeAt(ConsumeQueueSegment[] segs, long offset, long max, LongBinaryOperator storeTimeOf) {
        for (long o = offset; o < max; o++) {
            ConsumeQueueSegment seg = segmentOf(segs, o);
            if (seg == null) {
                return Long.MIN_VALUE; // retired meanwhile: older than anything
            }
            int slot = slotOf(seg, o);
            long phy = seg.commitLogOffset(slot);
            int size = seg.size(slot);
            if (size == 0) {
                return Long.MAX_VALUE; // truncated meanwhile
            }
            if (!ConsumeQueueFormat.isBlank(phy, size, seg.tagHash(slot))) {
                long time = storeTimeOf.applyAsLong(phy, size);
                return time < 0 ? Long.MIN_VALUE : time;
            }
        }
        return Long.MAX_VALUE;
    }

    private boolean isBlankAt(ConsumeQueueSegment[] segs, long offset) {
        ConsumeQueueSegment seg = segmentOf(segs, offset);
        return seg != null && seg.isBlank(slotOf(seg, offset));
    }

    /**
     * Drops every entry whose record ends past {@code commitLogEnd} (the CommitLog's recovery cut its tail
     * there), and the blanks that would then trail: lowers {@code maxOffset}, zeroes and forces the
     * dropped slots, deletes segments left without entries. Entries below {@code minOffset} are not
     * touched. Returns the number of offsets dropped.
     */
    public synchronized long truncateAfterCommitLog(long commitLogEnd) {
        long max = maxOffset;
        long min = minOffset;
        ConsumeQueueSegment[] segs = segments;
        long newMax = max;
        while (newMax > min) {
            ConsumeQueueSegment seg = segmentOf(segs, newMax - 1);
            int slot = slotOf(seg, newMax - 1);
            if (!seg.isBlank(slot) && seg.commitLogOffset(slot) + seg.size(slot) <= commitLogEnd) {
                break;
            }
            newMax--;
        }
        return cutTo(newMax, "past CommitLog end " + commitLogEnd);
    }

    /**
     * Drops every entry at or after {@code queueOffset} (no-op when it is at or past {@link #maxOffset()}):
     * the store found the entry there disagreeing with the CommitLog record it must describe. Returns
     * the entries dropped.
     */
    public synchronized long truncateFrom(long queueOffset) {
        return cutTo(Math.max(queueOffset, minOffset), "from queue offset " + queueOffset);
    }

    private long cutTo(long newMax, String why) {
        long max = maxOffset;
        long min = minOffset;
        ConsumeQueueSegment[] segs = segments;
        if (newMax >= max) {
            return 0;
        }
        long newLastEnd = -1;
        if (newMax > min) {
            ConsumeQueueSegment seg = segmentOf(segs, newMax - 1);
            int slot = slotOf(seg, newMax - 1);
            newLastEnd = seg.commitLogOffset(slot) + seg.size(slot);
        }
        synchronized (flushLock) {
            maxOffset = newMax; // first, so that no new read starts in what is cut
            lastCommitLogEnd = newLastEnd;
            // the segment holding newMax keeps its head and is zeroed after it; later ones go whole
            int keep = (int) ((newMax - segs[0].baseOffset()) / capacity) + 1;
            ConsumeQueueSegment last = segs[keep - 1];
            last.zeroAndForce(slotOf(last, newMax), (int) (Math.min(max, last.endOffset()) - last.baseOffset()));
            if (keep < segs.length) {
                segments = Arrays.copyOf(segs, keep);
                for (int i = keep; i < segs.length; i++) {
                    segs[i].delete();
                }
            }
            flushedOffset = Math.min(flushedOffset, newMax);
        }
        log.info(
                "{}: dropped queue offsets [{}, {}) {}, deleted {} segment(s)",
                name,
                newMax,
                max,
                why,
                segs.length - segments.length);
        return max - newMax;
    }

    /**
     * Retention: deletes the leading segments whose every record lies entirely below {@code
     * minCommitLogOffset} (never the last segment, which holds the write position), then raises {@code
     * minOffset} past the leading entries whose record starts below it (and past blanks). Returns the
     * number of segments deleted.
     */
    public synchronized int deleteBefore(long minCommitLogOffset) {
        ConsumeQueueSegment[] segs = segments;
        if (segs.length == 0) {
            return 0;
        }
        long max = maxOffset;
        int drop = 0;
        while (drop < segs.length - 1 && segs[drop].endOffset() <= max) {
            long end = lastRealEnd(segs[drop]);
            if (end > minCommitLogOffset) {
                break;
            }
            drop++;
        }
        long newMin = Math.max(minOffset, segs[drop].baseOffset());
        while (newMin < max) {
            ConsumeQueueSegment seg = segmentOf(segs, newMin);
            int slot = slotOf(seg, newMin);
            if (!seg.isBlank(slot) && seg.commitLogOffset(slot) >= minCommitLogOffset) {
                break;
            }
            newMin++;
        }
        if (newMin != minOffset) {
            log.debug("{}: min offset {} -> {} (CommitLog min {})", name, minOffset, newMin, minCommitLogOffset);
            minOffset = newMin; // before the files go: readers check it first
        }
        if (drop > 0) {
            segments = Arrays.copyOfRange(segs, drop, segs.length);
            for (int i = 0; i < drop; i++) {
                segs[i].delete();
            }
            log.info(
                    "{}: deleted {} segment(s) below CommitLog offset {}; min offset now {}",
                    name,
                    drop,
                    minCommitLogOffset,
                    newMin);
        }
        return drop;
    }

    /** End (offset + size) of the last real entry in a full segment, -1 if it holds only blanks. */
    private static long lastRealEnd(ConsumeQueueSegment seg) {
        for (int slot = seg.capacity() - 1; slot >= 0; slot--) {
            if (!seg.isBlank(slot)) {
                return seg.commitLogOffset(slot) + seg.size(slot);
            }
        }
        return -1;
    }

    /** Forces the entries written since the last flush to disk. Does not block the writer. */
    public void flush() {
        synchronized (flushLock) {
            long max = maxOffset;
            ConsumeQueueSegment[] segs = segments;
            if (segs.length == 0 || flushedOffset >= max) {
                return;
            }
            long from = Math.max(flushedOffset, segs[0].baseOffset());
            for (ConsumeQueueSegment seg : segs) {
                if (seg.endOffset() <= from || seg.baseOffset() >= max) {
                    continue;
                }
                int fromSlot = (int) (Math.max(from, seg.baseOffset()) - seg.baseOffset());
                int toSlot = (int) (Math.min(max, seg.endOffset()) - seg.baseOffset());
                seg.force(fromSlot, toSlot);
            }
            flushedOffset = max;
        }
    }

    /** Flushes and refuses further puts. Reads keep working. Idempotent. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        flush();
        closed = true;
    }

    /** Deletes every segment file and the queue directory (topic deletion). The queue is closed and empty after. */
    public synchronized void destroy() {
        closed = true;
        ConsumeQueueSegment[] segs = segments;
        long max = maxOffset;
        minOffset = max;
        lastCommitLogEnd = -1;
        segments = NO_SEGMENTS;
        for (ConsumeQueueSegment seg : segs) {
            seg.delete();
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            log.warn("{}: segments deleted but {} is not empty: {}", name, dir, e.toString());
        }
        log.info("{}: destroyed ({} segment(s))", name, segs.length);
    }

    private ConsumeQueueSegment segmentOf(ConsumeQueueSegment[] segs, long offset) {
        if (segs.length == 0) {
            return null;
        }
        long index = Math.floorDiv(offset - segs[0].baseOffset(), capacity);
        return index >= 0 && index < segs.length ? segs[(int) index] : null;
    }

    private static int slotOf(ConsumeQueueSegment seg, long offset) {
        return (int) (offset - seg.baseOffset());
    }

    @Override
    public String toString() {
        return "ConsumeQueue[" + name + ", [" + minOffset + ", " + maxOffset + ")]";
    }
}
