package io.kitemq.store;

import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageSysFlag;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.protocol.message.StoredMessageFormat;
import io.kitemq.store.checkpoint.Checkpoint;
import io.kitemq.store.checkpoint.StoreLock;
import io.kitemq.store.commitlog.CommitLog;
import io.kitemq.store.commitlog.CommitLogRecovery;
import io.kitemq.store.commitlog.GroupCommit;
import io.kitemq.store.commitlog.PageCacheTrimmer;
import io.kitemq.store.dispatch.DispatchTarget;
import io.kitemq.store.dispatch.Dispatcher;
import io.kitemq.store.file.PageCache;
import io.kitemq.store.index.IndexService;
import io.kitemq.store.queue.ConsumeQueue;
import io.kitemq.store.queue.ConsumeQueueEntries;
import io.kitemq.store.queue.ConsumeQueueTable;
import io.kitemq.store.retention.RetentionCleaner;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's message store: appends records to the {@link CommitLog}, derives ConsumeQueue and index
 * entries from it ({@link Dispatcher}), serves reads by queue offset, physical offset, key and time,
 * and keeps it all durable and bounded (flush, checkpoint, recovery, retention).
 *
 * <p>Lifecycle: {@link #open} recovers (after a crash: scans the CommitLog tail, cuts torn records,
 * rebuilds derived entries) and starts the background services; {@link #close} dispatches what is
 * left, flushes everything, writes the checkpoint and removes the abort marker.
 *
 * <p>After an I/O error or with the disk above the read-only mark the store refuses appends with
 * {@link AppendStatus#SERVICE_NOT_AVAILABLE} and says why ({@link #readOnlyReason()}); reads go on.
 *
 * <p>Thread-safe: appends from any thread (serialised by the {@link Appender}'s writer lock, which readers never take);
 * reads from any thread concurrently.
 */
public final class MessageStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MessageStore.class);
    /** How many entries a read scans at most looking for filter matches. */
    private static final int MAX_SCANNED_ENTRIES = 16_000;

    private final StoreConfig config;
    private final InstantSource clock;
    private final StoreMetrics metrics;
    private final StoreLock lock;
    private final CommitLog commitLog;
    private final ConsumeQueueTable queues;
    private final IndexService index;
    private final Dispatcher dispatcher;
    private final GroupCommit groupCommit;
    private final ScheduledExecutorService scheduler;
    private final RetentionCleaner retention;
    private final QueueOffsets queueOffsets = new QueueOffsets();
    private final Appender appender;
    /** CommitLog bytes behind the flushed and dispatched end kept in the page cache; 0: the kernel decides. */
    private final long pageCacheWindow;

    private final PageCacheTrimmer pageCacheTrimmer;
    /** During the recovery re-dispatch only: the last queue offset the CommitLog produced per queue. */
    private Map<ConsumeQueue, Long> recovering;

    private volatile String readOnlyReason;

    private MessageStore(
            StoreConfig config,
            InstantSource clock,
            StoreMetrics metrics,
            StoreLock lock,
            CommitLog commitLog,
            ConsumeQueueTable queues,
            IndexService index,
            Dispatcher dispatcher,
            ToIntFunction<Path> diskUsePercent) {
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.lock = lock;
        this.commitLog = commitLog;
        this.queues = queues;
        this.index = index;
        this.dispatcher = dispatcher;
        this.pageCacheWindow = pageCacheWindow(config);
        this.pageCacheTrimmer = new PageCacheTrimmer(commitLog);
        this.groupCommit = config.flushMode() == FlushMode.SYNC
                ? new GroupCommit(commitLog, metrics, config.groupCommitMaxWait(), this::dropCachedPages)
                : null;
        this.appender = new Appender(
                config,
                clock,
                metrics,
                commitLog,
                queueOffsets,
                dispatcher,
                groupCommit,
                () -> readOnlyReason,
                this::turnReadOnly);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kitemq-store-scheduler");
            t.setDaemon(true);
            return t;
        });
        this.retention = new RetentionCleaner(
                config, clock, commitLog, this::onCommitLogMinOffset, this::setDiskReadOnly, metrics, diskUsePercent);
    }

    /** Opens (and if needed recovers) the store in {@code config.dir()} and starts its services. */
    public static MessageStore open(StoreConfig config, InstantSource clock, StoreMetrics metrics) {
        return open(config, clock, metrics, RetentionCleaner::measureDiskUse);
    }

    /** As {@link #open(StoreConfig, InstantSource, StoreMetrics)}, measuring disk use with {@code diskUsePercent}. */
    static MessageStore open(
            StoreConfig config, InstantSource clock, StoreMetrics metrics, ToIntFunction<Path> diskUsePercent) {
        StoreLock lock = StoreLock.acquire(config.dir());
        CommitLog commitLog = null;
        try {
            Checkpoint checkpoint = Checkpoint.read(config.dir());
            boolean crashed = lock.crashedBefore() || checkpoint == null;
            commitLog = CommitLog.open(
                    config.dir().resolve("commitlog"),
                    config.commitLogSegmentBytes(),
                    // SYNC: never windows. Every fsync write-protects the mapped page the writer is still
                    // filling, and the fault on its next record cost more than the pwrite it saved (one writer:
                    // 2,971 vs 7,516 appends/s).
                    config.flushMode() == FlushMode.SYNC ? 0 : config.commitLogWriteWindowBytes());
            if (!crashed && commitLog.segmentAt(Math.max(0, checkpoint.commitLogFlushed() - 1)) != null) {
                commitLog.setWritePosition(checkpoint.commitLogFlushed());
                log.info(
                        "store {} shut down cleanly; CommitLog ends at {}",
                        config.dir(),
                        checkpoint.commitLogFlushed());
            } else {
                crashed = true;
                CommitLogRecovery.recover(
                        commitLog,
                        checkpoint == null ? 0 : Math.min(checkpoint.commitLogFlushed(), checkpoint.dispatched()));
            }
            long end = commitLog.writePosition();
            ConsumeQueueTable queues = ConsumeQueueTable.open(
                    config.dir().resolve("consumequeue"), config.consumeQueueEntriesPerSegment());
            boolean queuesDamaged = dropDamagedQueues(queues);
            queues.truncateAfterCommitLog(end);
            if (commitLog.minOffset() > 0) {
                queues.deleteBefore(commitLog.minOffset());
            }
            IndexService index = IndexService.open(
                    config.dir().resolve("index"), config.indexMaxHashSlots(), config.indexMaxEntries(), clock);
            long reindexFrom = index.truncateAfter(end);
            long dispatchFrom =
                    queuesDamaged ? commitLog.minOffset() : dispatchStart(commitLog, checkpoint, reindexFrom);
            Dispatcher dispatcher = new Dispatcher(commitLog, dispatchFrom, metrics);
            MessageStore store = new MessageStore(
                    config, clock, metrics, lock, commitLog, queues, index, dispatcher, diskUsePercent);
            store.start(dispatchFrom);
            if (config.flushMode() == FlushMode.SYNC) {
                // last: nothing after it can fail, so no preparer outlives a failed open
                commitLog.prepareAhead(config.syncPrepareAheadBytes());
            }
            return store;
        } catch (RuntimeException | Error e) {
            if (commitLog != null) {
                try {
                    // unmap its segments and write window (a failed open acknowledged nothing)
                    commitLog.abandon();
                } catch (RuntimeException | Error suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            lock.close();
            throw e;
        }
    }

    /**
     * Where re-dispatch starts: the checkpoint's dispatched offset (everything below it reached queue and
     * index files), lowered to where the index lost entries to its own recovery, and never below the
     * CommitLog's start or past its end. Re-dispatched records already present are ignored.
     */
    private static long dispatchStart(CommitLog commitLog, Checkpoint checkpoint, long reindexFrom) {
        long from = checkpoint == null ? commitLog.minOffset() : checkpoint.dispatched();
        from = Math.min(from, reindexFrom);
        return Math.max(commitLog.minOffset(), Math.min(from, commitLog.writePosition()));
    }

    /**
     * Drops every queue whose recovery had to cut a damaged tail: what it lost cannot be located without
     * reading the whole CommitLog, so it is rebuilt whole from there. Returns whether any was dropped.
     */
    private static boolean dropDamagedQueues(ConsumeQueueTable queues) {
        List<ConsumeQueue> damaged = new ArrayList<>();
        queues.forEach(cq -> {
            if (cq.bytesCutAtOpen() > 0) {
                damaged.add(cq);
            }
        });
        for (ConsumeQueue cq : damaged) {
            queues.dropQueue(cq.topic(), cq.queueId());
        }
        return !damaged.isEmpty();
    }

    private void start(long dispatchFrom) {
        dispatcher.addTarget(this::putQueueEntry);
        dispatcher.addTarget(this::putIndexEntries);
        recovering = new HashMap<>();
        long caughtUp = dispatcher.dispatchAvailable();
        if (caughtUp > 0) {
            log.info(
                    "store {}: re-dispatched {} records from {} to rebuild queues and indexes",
                    config.dir(),
                    caughtUp,
                    dispatchFrom);
        }
        dropEntriesTheCommitLogDoesNotHave(dispatchFrom);
        queues.forEach(cq -> queueOffsets.set(cq.topic(), cq.queueId(), cq.maxOffset()));
        lock.markRunning();
        dispatcher.start();
        if (pageCacheWindow > 0) {
            // what was cached before this open, within the window, is dropped as the log moves on
            pageCacheTrimmer.dropCachedFrom(
                    Math.max(commitLog.minOffset(), commitLog.writePosition() - pageCacheWindow));
        }
        long flushMs = config.flushInterval().toMillis();
        if (config.flushMode() == FlushMode.ASYNC) {
            scheduler.scheduleWithFixedDelay(this::flushCommitLog, flushMs, flushMs, TimeUnit.MILLISECONDS);
        }
        long checkpointMs = config.checkpointInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::checkpoint, checkpointMs, checkpointMs, TimeUnit.MILLISECONDS);
        long retentionMs = config.retentionCheckInterval().toMillis();
        scheduler.scheduleWithFixedDelay(retention::runOnce, 0, retentionMs, TimeUnit.MILLISECONDS);
        log.info(
                "store {} open: CommitLog [{}, {}), {} flush",
                config.dir(),
                commitLog.minOffset(),
                commitLog.writePosition(),
                config.flushMode());
    }

    /** Registers a target told about every dispatched record after queues and indexes (e.g. long polling). */
    public void addDispatchListener(DispatchTarget listener) {
        dispatcher.addTarget(listener);
    }

    // ------------------------------------------------------------------------------------------ append

    /**
     * Appends one message. The caller fills topic, queueId, flag, body, properties, sysFlag, born
     * timestamp and host, store host, reconsume times and prepared-transaction offset; the store sets
     * body CRC, store size and timestamp, queue offset and physical offset.
     */
    public CompletableFuture<AppendResult> append(MessageExt msg) {
        return appender.append(List.of(msg));
    }

    /**
     * Appends messages of one topic and queue as contiguous records with consecutive queue offsets
     * (a batch); all or nothing.
     */
    public CompletableFuture<AppendResult> appendBatch(List<MessageExt> msgs) {
        return appender.append(msgs);
    }

    // ------------------------------------------------------------------------------------------ dispatch

    private void putQueueEntry(io.kitemq.store.dispatch.DispatchRequest r) {
        int tran = MessageSysFlag.transactionType(r.sysFlag());
        if (tran == MessageSysFlag.TRANSACTION_NOT_TYPE || tran == MessageSysFlag.TRANSACTION_COMMIT_TYPE) {
            ConsumeQueue cq = queues.getOrCreate(r.topic(), r.queueId());
            if (!cq.put(r.queueOffset(), r.commitLogOffset(), r.size(), r.tagHash())) {
                // the stored entry disagrees with the CommitLog, which is the truth: damage survived the
                // queue's own recovery; drop it and everything after, then write what the record says
                log.warn(
                        "{}-{}: entry {} disagrees with CommitLog record at {}; rebuilding the queue from there",
                        r.topic(),
                        r.queueId(),
                        r.queueOffset(),
                        r.commitLogOffset());
                cq.truncateFrom(r.queueOffset());
                cq.put(r.queueOffset(), r.commitLogOffset(), r.size(), r.tagHash());
            }
            Map<ConsumeQueue, Long> seen = recovering;
            if (seen != null) {
                seen.put(cq, r.queueOffset());
            }
        }
    }

    /**
     * After the recovery re-dispatch: a queue can only hold entries up to the last one the CommitLog
     * produced for it; anything past that (or, for a queue without records since {@code dispatchFrom},
     * any entry ending past it) is damage the queue's own recovery could not see.
     */
    private void dropEntriesTheCommitLogDoesNotHave(long dispatchFrom) {
        Map<ConsumeQueue, Long> seen = recovering;
        recovering = null;
        queues.forEach(cq -> {
            Long last = seen.get(cq);
            long dropped = last != null ? cq.truncateFrom(last + 1) : cq.truncateAfterCommitLog(dispatchFrom);
            if (dropped > 0) {
                log.warn(
                        "{}-{}: dropped {} entries with no CommitLog record behind them",
                        cq.topic(),
                        cq.queueId(),
                        dropped);
            }
        });
    }

    private void putIndexEntries(io.kitemq.store.dispatch.DispatchRequest r) {
        if (MessageSysFlag.transactionType(r.sysFlag()) == MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) {
            return;
        }
        index.put(
                r.topic(),
                r.properties().get(PropertyKeys.PROPERTY_KEYS),
                r.properties().get(PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX),
                r.commitLogOffset(),
                r.storeTimestamp());
    }

    // ------------------------------------------------------------------------------------------ reads

    /**
     * Reads up to {@code maxCount} messages (and about {@code maxBytes}) of a queue from {@code offset},
     * keeping those {@code filter} accepts.
     */
    public GetResult get(String topic, int queueId, long offset, int maxCount, int maxBytes, MessageFilter filter) {
        ConsumeQueue cq = queues.get(topic, queueId);
        if (cq == null) {
            return GetResult.empty(GetStatus.NO_MATCHED_LOGIC_QUEUE, 0, 0, 0);
        }
        return QueueReader.read(cq, commitLog, offset, maxCount, maxBytes, filter, MAX_SCANNED_ENTRIES);
    }

    /**
     * Copies up to {@code out.capacity()} ConsumeQueue entries of a queue from {@code offset} into {@code out}
     * without reading the CommitLog (see {@link ConsumeQueue#read}); returns how many, 0 for an unknown queue.
     */
    public int readEntries(String topic, int queueId, long offset, ConsumeQueueEntries out) {
        ConsumeQueue cq = queues.get(topic, queueId);
        if (cq == null) {
            out.reset(offset);
            return 0;
        }
        return cq.read(offset, out.capacity(), out);
    }

    /** The record at a physical offset (VIEW_MESSAGE_BY_ID), or null. */
    public ByteBuffer readAt(long commitLogOffset) {
        return commitLog.readRecord(commitLogOffset);
    }

    /** Messages of {@code topic} whose KEYS or UNIQ_KEY equal {@code key}, stored within [begin, end] ms. */
    public QueryResult query(String topic, String key, int maxNum, long beginMs, long endMs) {
        List<ByteBuffer> records = new ArrayList<>();
        for (long offset : index.query(topic, key, maxNum, beginMs, endMs)) {
            ByteBuffer r = commitLog.readRecord(offset);
            if (r != null && hasKey(r, topic, key)) {
                records.add(r);
            }
        }
        return new QueryResult(records, index.lastUpdateTimestamp(), index.lastUpdatePhyOffset());
    }

    /** The index matches by hash; this checks the record really carries {@code key} (KEYS or UNIQ_KEY). */
    private static boolean hasKey(ByteBuffer record, String topic, String key) {
        MessageExt m = StoredMessageCodec.decode(record, false, false);
        if (!topic.equals(m.getTopic())) {
            return false;
        }
        if (key.equals(m.getProperty(PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX))) {
            return true;
        }
        String keys = m.getProperty(PropertyKeys.PROPERTY_KEYS);
        if (keys != null) {
            for (String k : keys.split(PropertyKeys.KEY_SEPARATOR)) {
                if (k.equals(key)) {
                    return true;
                }
            }
        }
        return false;
    }

    public long minOffset(String topic, int queueId) {
        ConsumeQueue cq = queues.get(topic, queueId);
        return cq == null ? 0 : cq.minOffset();
    }

    public long maxOffset(String topic, int queueId) {
        ConsumeQueue cq = queues.get(topic, queueId);
        return cq == null ? 0 : cq.maxOffset();
    }

    /** The queue offset of the first (LOWER) or last (UPPER) message stored at or around {@code timestampMs}. */
    public long offsetForTimestamp(String topic, int queueId, long timestampMs, boolean upper) {
        ConsumeQueue cq = queues.get(topic, queueId);
        return cq == null
                ? 0
                : cq.offsetForTimestamp(timestampMs, upper, (phy, size) -> commitLog.storeTimestampAt(phy));
    }

    /** The store time of the oldest message of a queue, or -1. */
    public long earliestStoreTime(String topic, int queueId) {
        ConsumeQueue cq = queues.get(topic, queueId);
        if (cq == null) {
            return -1;
        }
        GetResult r = QueueReader.read(
                cq, commitLog, cq.minOffset(), 1, Integer.MAX_VALUE, MessageFilter.ALL, MAX_SCANNED_ENTRIES);
        return r.records().isEmpty() ? -1 : storeTimestampOf(r.records().get(0));
    }

    /** The store time written in a stored record. */
    public static long storeTimestampOf(ByteBuffer record) {
        int sysFlag = record.getInt(record.position() + StoredMessageFormat.SYS_FLAG_POSITION);
        return record.getLong(record.position() + StoredMessageFormat.storeTimestampPosition(sysFlag));
    }

    /** Removes a topic's queues (its CommitLog records age out with retention). */
    public void deleteTopic(String topic) {
        appender.locked(() -> {
            queueOffsets.remove(topic);
            queues.deleteTopic(topic);
        });
    }

    public long commitLogMinOffset() {
        return commitLog.minOffset();
    }

    public long commitLogMaxOffset() {
        return commitLog.writePosition();
    }

    public long dispatchedOffset() {
        return dispatcher.dispatchedPosition();
    }

    public long flushedOffset() {
        return commitLog.flushedPosition();
    }

    /** Why the store refuses appends, or null when it accepts them. */
    public String readOnlyReason() {
        return readOnlyReason;
    }

    public StoreConfig config() {
        return config;
    }

    // ------------------------------------------------------------------------------------------ background

    /** How far the ASYNC flusher stays behind the writer (see {@link CommitLog#flush(long)}). */
    private static final long ASYNC_FLUSH_LAG_BYTES = 4L << 20;

    /** What the ASYNC flusher may force now: everything but the last few MiB, in whole pages. */
    private long asyncFlushLimit() {
        return (commitLog.writePosition() - ASYNC_FLUSH_LAG_BYTES) & ~4095L;
    }

    private void flushCommitLog() {
        try {
            long before = commitLog.flushedPosition();
            long t = System.nanoTime();
            long after = commitLog.flush(asyncFlushLimit());
            if (after <= before) {
                return;
            }
            metrics.flushed(after - before, System.nanoTime() - t);
        } catch (RuntimeException | InternalError e) {
            turnReadOnly("CommitLog flush failed: " + e);
            return;
        }
        try {
            dropCachedPages();
        } catch (RuntimeException e) { // only advice: never a reason to stop flushing or to turn read-only
            log.warn("store {}: dropping flushed CommitLog pages from the page cache failed", config.dir(), e);
        }
    }

    /**
     * The page-cache window for {@code config}, resolved for this machine, or 0 where pages cannot be dropped
     * (then the kernel decides, and a line in the log says why).
     */
    private static long pageCacheWindow(StoreConfig config) {
        long configured = config.pageCacheWindowBytes();
        PageCacheWindow.Choice auto = configured == StoreConfig.PAGE_CACHE_WINDOW_AUTO ? PageCacheWindow.auto() : null;
        long window = auto != null ? auto.bytes() : configured;
        if (window <= 0) {
            log.info("store {}: the page cache of the CommitLog is left to the kernel", config.dir());
            return 0;
        }
        if (!PageCache.available()) {
            log.info(
                    "store {}: the page cache of the CommitLog is left to the kernel (a {} window needs {}; here: {})",
                    config.dir(),
                    PageCacheWindow.describe(window),
                    "Linux and Java 22+",
                    PageCache.unavailableReason());
            return 0;
        }
        log.info(
                "store {}: the last {} of the CommitLog stay in the page cache ({}); older flushed pages are dropped",
                config.dir(),
                PageCacheWindow.describe(window),
                auto != null ? auto.reason() : "configured");
        return window;
    }

    /**
     * Drops from the page cache what lies more than the window behind both the flushed and the dispatched end
     * (the dispatcher still reads what it has not dispatched). Runs on the flushing thread after a flush.
     */
    private void dropCachedPages() {
        if (pageCacheWindow <= 0) {
            return;
        }
        long keepFrom = Math.min(commitLog.flushedPosition(), dispatcher.dispatchedPosition()) - pageCacheWindow;
        long dropped = pageCacheTrimmer.dropCachedBelow(keepFrom);
        if (dropped > 0) {
            metrics.pageCacheDropped(dropped);
        }
    }

    /** Flushes queues and indexes up to what was dispatched, then records it in the checkpoint. */
    private void checkpoint() {
        try {
            long dispatched = dispatcher.dispatchedPosition();
            long flushed = config.flushMode() == FlushMode.SYNC
                    ? commitLog.flushedPosition()
                    : commitLog.flush(asyncFlushLimit());
            queues.flush();
            index.flush();
            new Checkpoint(flushed, Math.min(dispatched, flushed), clock.millis()).write(config.dir());
        } catch (RuntimeException | InternalError e) {
            turnReadOnly("checkpoint failed: " + e);
        }
    }

    private void onCommitLogMinOffset(long minOffset) {
        queues.deleteBefore(minOffset);
        index.deleteBefore(minOffset);
    }

    private void setDiskReadOnly(String reason) {
        if (reason == null) {
            if (readOnlyReason != null && readOnlyReason.startsWith("disk")) {
                log.info("store {} accepts appends again: disk use fell below the read-only mark", config.dir());
                readOnlyReason = null;
            }
        } else if (readOnlyReason == null) {
            log.error("store {} is read-only: {}", config.dir(), reason);
            readOnlyReason = reason;
        }
    }

    private void turnReadOnly(String reason) {
        if (readOnlyReason == null || readOnlyReason.startsWith("disk")) {
            log.error(
                    "store {} turns read-only: {}; acknowledged data is intact, appends are refused",
                    config.dir(),
                    reason);
            readOnlyReason = reason;
        }
    }

    /** Runs one retention pass now (normally periodic). */
    void runRetention() {
        retention.runOnce();
    }

    /**
     * For tests: stops like a killed process would — no final dispatch, flush or checkpoint, the abort
     * marker left in place — but releases the directory lock so the same JVM can reopen the store.
     * What was written stays in the page cache, as after a real process crash.
     */
    void crashForTest() {
        appender.close();
        scheduler.shutdownNow();
        dispatcher.stopWithoutDraining();
        commitLog.abandon();
        if (groupCommit != null) {
            groupCommit.close();
        }
        lock.close();
    }

    /** Dispatches and flushes everything, writes the checkpoint, marks a clean shutdown. Idempotent. */
    @Override
    public void close() {
        if (!appender.close()) {
            return;
        }
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dispatcher.close();
        if (groupCommit != null) {
            groupCommit.close();
        }
        try {
            commitLog.close();
            queues.flush();
            index.flush();
            long end = commitLog.writePosition();
            new Checkpoint(end, dispatcher.dispatchedPosition(), clock.millis()).write(config.dir());
            queues.close();
            index.close();
            if (readOnlyReason == null || readOnlyReason.startsWith("disk")) {
                lock.markClean();
            }
            log.info("store {} closed cleanly at CommitLog offset {}", config.dir(), end);
        } finally {
            lock.close();
        }
    }
}
