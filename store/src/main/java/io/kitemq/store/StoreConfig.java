package io.kitemq.store;

import io.kitemq.store.commitlog.CommitLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings of a {@link MessageStore}; every size and period is configurable so tests can use tiny
 * segments and short times. Defaults (RocketMQ's) come from {@link #defaults(Path)}.
 *
 * @param dir the store's data directory (commitlog/, consumequeue/, index/, checkpoint, abort)
 * @param commitLogSegmentBytes size of each CommitLog segment file (default 1 GiB)
 * @param consumeQueueEntriesPerSegment entries per ConsumeQueue segment file (default 300,000)
 * @param indexMaxHashSlots hash slots per index file (default 5,000,000)
 * @param indexMaxEntries entries per index file (default 20,000,000)
 * @param maxMessageBytes largest body accepted (default 4 MiB)
 * @param flushMode ASYNC or SYNC acknowledgement
 * @param flushInterval how often the ASYNC flusher forces written data (default 500 ms)
 * @param syncFlushTimeout how long a SYNC append waits for its fsync before FLUSH_DISK_TIMEOUT (5 s)
 * @param checkpointInterval how often ConsumeQueues and indexes are flushed and the checkpoint written
 * @param fileReservedTime CommitLog segments older than this are deleted (default 72 h)
 * @param deleteWhenHour the hour of day (0-23) at which expired segments are deleted (default 4)
 * @param diskHighWaterPercent above this disk use, expired-or-not oldest segments are deleted at once (75)
 * @param diskReadOnlyPercent above this disk use the store refuses appends (90)
 * @param retentionCheckInterval how often retention runs
 * @param commitLogWriteWindowBytes ASYNC only: records are encoded straight into pre-faulted mapped windows of
 *     this many bytes (default 64 MiB, a positive multiple of 4096) — a memory copy per record, the store's
 *     fastest path — or, when 0, written from a staging buffer with one pwrite per run of records
 * @param groupCommitMaxWait SYNC only: the longest a group-commit flush may wait for the rest of the group it
 *     expects (the writers the last flush acknowledged), adaptively and never more than half the mean fsync
 *     time (default 1 ms; zero: flush what has queued at once) — see {@code GroupCommit}
 * @param syncPrepareAheadBytes SYNC only: how far ahead of the writer the CommitLog keeps its segment
 *     allocated on disk (zeros written with O_DIRECT; default 32 MiB, a multiple of 4096; 0: appends go to the
 *     sparse file as it is) — see {@code SegmentPreparer}
 * @param pageCacheWindowBytes how much of the CommitLog behind its end stays in the page cache: older pages,
 *     once flushed and dispatched, are dropped ({@code posix_fadvise DONTNEED}) so their memory is reused by
 *     the next writes. {@link #PAGE_CACHE_WINDOW_AUTO} (the default) picks a size for the machine ({@link
 *     PageCacheWindow#auto()}); 0 leaves the page cache to the kernel; otherwise at least {@link
 *     #MIN_PAGE_CACHE_WINDOW_BYTES}. Needs Linux and Java 22+ (elsewhere the kernel decides, as with 0)
 */
public record StoreConfig(
        Path dir,
        int commitLogSegmentBytes,
        int consumeQueueEntriesPerSegment,
        int indexMaxHashSlots,
        int indexMaxEntries,
        int maxMessageBytes,
        FlushMode flushMode,
        Duration flushInterval,
        Duration syncFlushTimeout,
        Duration checkpointInterval,
        Duration fileReservedTime,
        int deleteWhenHour,
        int diskHighWaterPercent,
        int diskReadOnlyPercent,
        Duration retentionCheckInterval,
        int commitLogWriteWindowBytes,
        Duration groupCommitMaxWait,
        int syncPrepareAheadBytes,
        long pageCacheWindowBytes) {

    /** {@link #pageCacheWindowBytes()}: size the window for this machine when the store opens. */
    public static final long PAGE_CACHE_WINDOW_AUTO = -1;
    /** The smallest page-cache window: a consumer a little behind still reads from memory. */
    public static final long MIN_PAGE_CACHE_WINDOW_BYTES = 64L << 20;

    public StoreConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(flushMode, "flushMode");
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(syncFlushTimeout, "syncFlushTimeout");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(fileReservedTime, "fileReservedTime");
        Objects.requireNonNull(retentionCheckInterval, "retentionCheckInterval");
        Objects.requireNonNull(groupCommitMaxWait, "groupCommitMaxWait");
        if (groupCommitMaxWait.isNegative()) {
            throw new IllegalArgumentException("groupCommitMaxWait must not be negative: " + groupCommitMaxWait);
        }
        if (commitLogSegmentBytes < 4096) {
            throw new IllegalArgumentException("commitLogSegmentBytes must be >= 4096: " + commitLogSegmentBytes);
        }
        if (consumeQueueEntriesPerSegment < 1 || indexMaxHashSlots < 1 || indexMaxEntries < 1) {
            throw new IllegalArgumentException("queue and index sizes must be >= 1");
        }
        if (maxMessageBytes < 1 || maxMessageBytes > commitLogSegmentBytes / 2) {
            throw new IllegalArgumentException(
                    "maxMessageBytes must be between 1 and half a CommitLog segment: " + maxMessageBytes);
        }
        if (commitLogWriteWindowBytes < 0 || commitLogWriteWindowBytes % 4096 != 0) {
            throw new IllegalArgumentException(
                    "commitLogWriteWindowBytes must be 0 or a multiple of 4096: " + commitLogWriteWindowBytes);
        }
        if (syncPrepareAheadBytes < 0 || syncPrepareAheadBytes % 4096 != 0) {
            throw new IllegalArgumentException(
                    "syncPrepareAheadBytes must be 0 or a multiple of 4096: " + syncPrepareAheadBytes);
        }
        if (pageCacheWindowBytes != PAGE_CACHE_WINDOW_AUTO
                && pageCacheWindowBytes != 0
                && pageCacheWindowBytes < MIN_PAGE_CACHE_WINDOW_BYTES) {
            throw new IllegalArgumentException("pageCacheWindowBytes must be -1 (auto), 0 (off) or at least "
                    + MIN_PAGE_CACHE_WINDOW_BYTES + ": " + pageCacheWindowBytes);
        }
        if (deleteWhenHour < 0 || deleteWhenHour > 23) {
            throw new IllegalArgumentException("deleteWhenHour must be 0..23: " + deleteWhenHour);
        }
        if (diskHighWaterPercent < 1
                || diskHighWaterPercent > 99
                || diskReadOnlyPercent < diskHighWaterPercent
                || diskReadOnlyPercent > 100) {
            throw new IllegalArgumentException("need 1 <= diskHighWaterPercent <= diskReadOnlyPercent <= 100");
        }
        for (Duration d : new Duration[] {
            flushInterval, syncFlushTimeout, checkpointInterval, fileReservedTime, retentionCheckInterval
        }) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive: " + d);
            }
        }
    }

    /** RocketMQ's defaults in {@code dir}. */
    public static StoreConfig defaults(Path dir) {
        return new StoreConfig(
                dir,
                1 << 30,
                300_000,
                5_000_000,
                20_000_000,
                4 * 1024 * 1024,
                FlushMode.ASYNC,
                Duration.ofMillis(500),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofHours(72),
                4,
                75,
                90,
                Duration.ofSeconds(10),
                CommitLog.DEFAULT_WINDOW_BYTES,
                Duration.ofMillis(1),
                32 << 20,
                PAGE_CACHE_WINDOW_AUTO);
    }

    public StoreConfig withSegmentBytes(int commitLogBytes, int queueEntries) {
        return edit(b -> {
            b.commitLogSegmentBytes = commitLogBytes;
            b.consumeQueueEntriesPerSegment = queueEntries;
            b.maxMessageBytes = Math.min(maxMessageBytes, commitLogBytes / 2);
        });
    }

    public StoreConfig withIndexSize(int hashSlots, int entries) {
        return edit(b -> {
            b.indexMaxHashSlots = hashSlots;
            b.indexMaxEntries = entries;
        });
    }

    public StoreConfig withFlushMode(FlushMode mode) {
        return edit(b -> b.flushMode = mode);
    }

    public StoreConfig withMaxMessageBytes(int bytes) {
        return edit(b -> b.maxMessageBytes = bytes);
    }

    public StoreConfig withRetention(
            Duration reserved, int deleteWhen, int highWater, int readOnly, Duration checkEvery) {
        return edit(b -> {
            b.fileReservedTime = reserved;
            b.deleteWhenHour = deleteWhen;
            b.diskHighWaterPercent = highWater;
            b.diskReadOnlyPercent = readOnly;
            b.retentionCheckInterval = checkEvery;
        });
    }

    public StoreConfig withIntervals(Duration flush, Duration syncTimeout, Duration checkpoint) {
        return edit(b -> {
            b.flushInterval = flush;
            b.syncFlushTimeout = syncTimeout;
            b.checkpointInterval = checkpoint;
        });
    }

    /** The same settings with ASYNC appends written through mapped windows of {@code bytes} (0: pwrite). */
    public StoreConfig withWriteWindows(int bytes) {
        return edit(b -> b.commitLogWriteWindowBytes = bytes);
    }

    /** The same settings with SYNC group-commit flushes waiting at most {@code maxWait} for their group (0: never). */
    public StoreConfig withGroupCommitMaxWait(Duration maxWait) {
        return edit(b -> b.groupCommitMaxWait = maxWait);
    }

    /** The same settings with SYNC segments prepared {@code bytes} ahead of the writer (0: not prepared). */
    public StoreConfig withSyncPrepareAhead(int bytes) {
        return edit(b -> b.syncPrepareAheadBytes = bytes);
    }

    /**
     * The same settings keeping {@code bytes} of the CommitLog behind its end in the page cache ({@link
     * #PAGE_CACHE_WINDOW_AUTO}: sized for the machine; 0: the kernel decides).
     */
    public StoreConfig withPageCacheWindow(long bytes) {
        return edit(b -> b.pageCacheWindowBytes = bytes);
    }

    /** A copy with {@code change} applied to its settings (validated again by the canonical constructor). */
    private StoreConfig edit(Consumer<Settings> change) {
        Settings b = new Settings(this);
        change.accept(b);
        return b.build();
    }

    /** The record's components as mutable fields: what the {@code withX} methods change in a copy. */
    private static final class Settings {
        final Path dir;
        int commitLogSegmentBytes;
        int consumeQueueEntriesPerSegment;
        int indexMaxHashSlots;
        int indexMaxEntries;
        int maxMessageBytes;
        FlushMode flushMode;
        Duration flushInterval;
        Duration syncFlushTimeout;
        Duration checkpointInterval;
        Duration fileReservedTime;
        int deleteWhenHour;
        int diskHighWaterPercent;
        int diskReadOnlyPercent;
        Duration retentionCheckInterval;
        int commitLogWriteWindowBytes;
        Duration groupCommitMaxWait;
        int syncPrepareAheadBytes;
        long pageCacheWindowBytes;

        Settings(StoreConfig c) {
            dir = c.dir;
            commitLogSegmentBytes = c.commitLogSegmentBytes;
            consumeQueueEntriesPerSegment = c.consumeQueueEntriesPerSegment;
            indexMaxHashSlots = c.indexMaxHashSlots;
            indexMaxEntries = c.indexMaxEntries;
            maxMessageBytes = c.maxMessageBytes;
            flushMode = c.flushMode;
            flushInterval = c.flushInterval;
            syncFlushTimeout = c.syncFlushTimeout;
            checkpointInterval = c.checkpointInterval;
            fileReservedTime = c.fileReservedTime;
            deleteWhenHour = c.deleteWhenHour;
            diskHighWaterPercent = c.diskHighWaterPercent;
            diskReadOnlyPercent = c.diskReadOnlyPercent;
            retentionCheckInterval = c.retentionCheckInterval;
            commitLogWriteWindowBytes = c.commitLogWriteWindowBytes;
            groupCommitMaxWait = c.groupCommitMaxWait;
            syncPrepareAheadBytes = c.syncPrepareAheadBytes;
            pageCacheWindowBytes = c.pageCacheWindowBytes;
        }

        StoreConfig build() {
            return new StoreConfig(
                    dir,
                    commitLogSegmentBytes,
                    consumeQueueEntriesPerSegment,
                    indexMaxHashSlots,
                    indexMaxEntries,
                    maxMessageBytes,
                    flushMode,
                    flushInterval,
                    syncFlushTimeout,
                    checkpointInterval,
                    fileReservedTime,
                    deleteWhenHour,
                    diskHighWaterPercent,
                    diskReadOnlyPercent,
                    retentionCheckInterval,
                    commitLogWriteWindowBytes,
                    groupCommitMaxWait,
                    syncPrepareAheadBytes,
                    pageCacheWindowBytes);
        }
    }
}
