package io.kitemq.store;

import io.kitemq.protocol.message.MagicVersion;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageProperties;
import io.kitemq.protocol.message.MessageSysFlag;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.protocol.message.StoredMessageFormat;
import io.kitemq.store.checkpoint.Checkpoint;
import io.kitemq.store.checkpoint.StoreLock;
import io.kitemq.store.commitlog.CommitLog;
import io.kitemq.store.commitlog.CommitLogRecovery;
import io.kitemq.store.commitlog.GroupCommit;
import io.kitemq.store.dispatch.DispatchTarget;
import io.kitemq.store.dispatch.Dispatcher;
import io.kitemq.store.index.IndexService;
import io.kitemq.store.queue.ConsumeQueue;
import io.kitemq.store.queue.ConsumeQueueEntries;
import io.kitemq.store.queue.ConsumeQueueTable;
import io.kitemq.store.retention.RetentionCleaner;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>Thread-safe: appends from any thread (serialised by one writer lock that readers never take);
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
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Appends waiting for the writer lock, in arrival order (see {@link #combine}). */
    private final java.util.concurrent.ConcurrentLinkedQueue<Pending> pending =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    private final QueueOffsets queueOffsets = new QueueOffsets();
    private final Map<String, byte[]> topicBytesCache = new java.util.concurrent.ConcurrentHashMap<>();
    /** During the recovery re-dispatch only: the last queue offset the CommitLog produced per queue. */
    private Map<ConsumeQueue, Long> recovering;

    private volatile String readOnlyReason;
    private volatile boolean closed;

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
        this.groupCommit = config.flushMode() == FlushMode.SYNC ? new GroupCommit(commitLog, metrics) : null;
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
        try {
            Checkpoint checkpoint = Checkpoint.read(config.dir());
            boolean crashed = lock.crashedBefore() || checkpoint == null;
            CommitLog commitLog = CommitLog.open(
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
            return store;
        } catch (RuntimeException | Error e) {
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
        return appendBatch(List.of(msg));
    }

    /**
     * Appends messages of one topic and queue as contiguous records with consecutive queue offsets
     * (a batch); all or nothing.
     */
    public CompletableFuture<AppendResult> appendBatch(List<MessageExt> msgs) {
        long start = System.nanoTime();
        Encoded[] encoded = new Encoded[msgs.size()];
        int total = 0;
        for (int i = 0; i < encoded.length; i++) {
            Object e = encode(msgs.get(i));
            if (e instanceof AppendResult rejected) {
                metrics.rejected(rejected.status());
                return CompletableFuture.completedFuture(rejected);
            }
            encoded[i] = (Encoded) e;
            total += encoded[i].size;
        }
        if (encoded.length == 0
                || total + StoredMessageFormat.END_FILE_MIN_BLANK_LENGTH > config.commitLogSegmentBytes()) {
            return reject(
                    AppendStatus.MESSAGE_ILLEGAL, "batch of " + total + " bytes does not fit a CommitLog segment");
        }
        Pending mine = new Pending(encoded, total, start);
        pending.add(mine);
        combine();
        return mine.future;
    }

    /**
     * An append waiting to be written. Each appender adds its append here and whoever holds the writer lock
     * writes every waiting append (flat combining, see {@link #combine}).
     */
    private static final class Pending {
        final Encoded[] encoded;
        final int total;
        final long startNanos;
        final CompletableFuture<AppendResult> future = new CompletableFuture<>();

        AppendResult result;

        Pending(Encoded[] encoded, int total, long startNanos) {
            this.encoded = encoded;
            this.total = total;
            this.startNanos = startNanos;
        }
    }

    /**
     * Writes the append just queued and whatever else waits. ASYNC appenders take the lock (and write what has queued
     * meanwhile): side by side in the broker, leaving appends to another thread's drain raised the 16-producer
     * send p99 from ~1.9 to ~2.4 ms, since the holder then also runs the other appends' completions. SYNC
     * appenders do not queue on the lock: one that finds it taken leaves its append to the holder and goes to
     * wait for its fsync, so a run of appends reaches the file in one write. Whoever releases the lock looks
     * at the queue again ({@link #releaseWriteLock}), so an append never stays queued with nobody to write it.
     */
    private void combine() {
        if (groupCommit == null) {
            writeLock.lock();
            releaseWriteLock();
        } else if (writeLock.tryLock()) {
            releaseWriteLock();
        }
        // else: the holder writes it (SYNC appenders wait for their fsync anyway)
    }

    /**
     * Writes what is queued, releases the writer lock, and finishes the appends written (acknowledges them, or
     * asks for their fsync); repeats while appends are queued and the lock is free. Call with the lock held.
     */
    private void releaseWriteLock() {
        while (true) {
            List<Pending> written;
            try {
                written = drainPending();
            } finally {
                writeLock.unlock();
            }
            finish(written);
            if (pending.isEmpty() || !writeLock.tryLock()) {
                return;
            }
        }
    }

    /** Most appends written per lock hold, so a steady stream of appends cannot delay their publication. */
    private static final int MAX_DRAIN = 256;

    /**
     * Writes the queued appends in order, at most {@value #MAX_DRAIN} (refusing them when closed or read-only),
     * and publishes them: without write windows they reach the file in one pwrite per run. Under the lock.
     */
    private List<Pending> drainPending() {
        Pending p = pending.poll();
        if (p == null) {
            return List.of();
        }
        List<Pending> written = new ArrayList<>();
        for (int n = 1; p != null; p = n++ < MAX_DRAIN ? pending.poll() : null) {
            if (closed || readOnlyReason != null) {
                p.result = refusal();
            } else {
                try {
                    p.result = appendLocked(p.encoded, p.total);
                } catch (UncheckedIOException | InternalError e) {
                    turnReadOnly("I/O error while appending: " + e);
                    p.result = refusal();
                }
            }
            written.add(p);
        }
        try {
            commitLog.publish();
        } catch (UncheckedIOException | InternalError e) {
            turnReadOnly("I/O error while appending: " + e);
        }
        // what a failed write dropped was never published: refuse those appends, acknowledge nothing unwritten
        long published = commitLog.writePosition();
        for (Pending w : written) {
            AppendResult r = w.result;
            if (r.status() == AppendStatus.PUT_OK && r.commitLogOffset() + w.total > published) {
                w.result = refusal();
            }
        }
        return written;
    }

    /** Why an append is refused now that the store is closed or read-only. Under the lock. */
    private AppendResult refusal() {
        return AppendResult.rejected(
                AppendStatus.SERVICE_NOT_AVAILABLE,
                closed ? "store is closed" : "store is read-only: " + readOnlyReason);
    }

    /** Outside the lock: metrics, dispatcher, and the acknowledgements (after one fsync request, for SYNC). */
    private void finish(List<Pending> written) {
        if (written.isEmpty()) {
            return;
        }
        dispatcher.wakeup();
        long now = System.nanoTime();
        long end = 0;
        List<Pending> stored = groupCommit == null ? null : new ArrayList<>(written.size());
        for (Pending p : written) {
            AppendResult r = p.result;
            if (r.status() != AppendStatus.PUT_OK) {
                metrics.rejected(r.status());
            } else {
                metrics.appended(p.encoded[0].msg.getTopic(), p.encoded.length, p.total, now - p.startNanos);
            }
            if (stored != null && r.status() == AppendStatus.PUT_OK) {
                stored.add(p);
                end = Math.max(end, r.commitLogOffset() + p.total);
            } else {
                p.future.complete(r);
            }
        }
        if (stored != null && !stored.isEmpty()) {
            // one request, and one timer, cover every append of this run: they are contiguous and end at `end`;
            // the timer runs from the oldest append's start (a flush that never ends must not hang them)
            long oldest = stored.get(0).startNanos;
            for (Pending p : stored) {
                oldest = Math.min(oldest, p.startNanos);
            }
            long left = Math.max(0, config.syncFlushTimeout().toNanos() - (now - oldest));
            groupCommit
                    .request(end)
                    .completeOnTimeout(Boolean.FALSE, left, TimeUnit.NANOSECONDS)
                    .thenAccept(ok -> {
                        for (Pending p : stored) {
                            p.future.complete(ok ? p.result : p.result.withStatus(AppendStatus.FLUSH_DISK_TIMEOUT));
                        }
                    });
        }
    }

    private CompletableFuture<AppendResult> reject(AppendStatus status, String why) {
        metrics.rejected(status);
        return CompletableFuture.completedFuture(AppendResult.rejected(status, why));
    }

    /** A message with its topic and properties already in bytes, sized; built outside the lock. */
    private record Encoded(
            MessageExt msg, byte[] topic, byte[] properties, MagicVersion version, int size, boolean counted) {}

    private Object encode(MessageExt msg) {
        String topic = msg.getTopic();
        if (topic == null || topic.isEmpty()) {
            return AppendResult.rejected(AppendStatus.MESSAGE_ILLEGAL, "message has no topic");
        }
        byte[] body = msg.getBody() == null ? new byte[0] : msg.getBody();
        if (body.length > config.maxMessageBytes()) {
            return AppendResult.rejected(
                    AppendStatus.MESSAGE_ILLEGAL,
                    "body of " + body.length + " bytes exceeds the maximum " + config.maxMessageBytes() + " (topic "
                            + topic + ")");
        }
        byte[] topicBytes = topicBytes(topic);
        MagicVersion version = MagicVersion.forTopicLength(topicBytes.length);
        if (topicBytes.length > version.maxTopicLength()) {
            return AppendResult.rejected(
                    AppendStatus.MESSAGE_ILLEGAL, "topic of " + topicBytes.length + " bytes is too long");
        }
        int propertiesLength = MessageProperties.encodedLength(msg.getProperties());
        if (propertiesLength > StoredMessageFormat.MAX_PROPERTIES_LENGTH) {
            return AppendResult.rejected(
                    AppendStatus.PROPERTIES_SIZE_EXCEEDED,
                    "properties of " + propertiesLength + " bytes exceed " + StoredMessageFormat.MAX_PROPERTIES_LENGTH
                            + " (topic " + topic + ")");
        }
        byte[] properties = MessageProperties.toBytes(msg.getProperties());
        msg.setBody(body);
        msg.setBodyCRC(StoredMessageFormat.bodyCrc(body));
        int size = StoredMessageFormat.recordSize(
                body.length, topicBytes.length, properties.length, msg.getSysFlag(), version);
        msg.setStoreSize(size);
        int tran = MessageSysFlag.transactionType(msg.getSysFlag());
        boolean counted = tran == MessageSysFlag.TRANSACTION_NOT_TYPE || tran == MessageSysFlag.TRANSACTION_COMMIT_TYPE;
        return new Encoded(msg, topicBytes, properties, version, size, counted);
    }

    /** UTF-8 of a topic name, cached: the same few topics are appended millions of times. */
    private byte[] topicBytes(String topic) {
        byte[] b = topicBytesCache.get(topic);
        if (b == null) {
            b = topic.getBytes(StandardCharsets.UTF_8);
            if (topicBytesCache.size() < 100_000) {
                topicBytesCache.put(topic, b);
            }
        }
        return b;
    }

    private AppendResult appendLocked(Encoded[] batch, int total) {
        long timestamp = clock.millis();
        String topic = batch[0].msg.getTopic();
        int queueId = batch[0].msg.getQueueId();
        long firstQueueOffset = queueOffsets.next(topic, queueId);
        long physical = commitLog.appendDeferred(total, (dst, offset) -> {
            long queueOffset = firstQueueOffset;
            long at = offset;
            for (Encoded e : batch) {
                MessageExt m = e.msg;
                m.setStoreTimestamp(timestamp);
                m.setCommitLogOffset(at);
                m.setQueueOffset(e.counted ? queueOffset++ : 0);
                StoredMessageCodec.encode(dst, m, e.topic, e.properties, e.version);
                at += e.size;
            }
        });
        long counted = 0;
        for (Encoded e : batch) {
            if (e.counted) {
                counted++;
            }
        }
        queueOffsets.set(topic, queueId, firstQueueOffset + counted);
        return new AppendResult(
                AppendStatus.PUT_OK,
                physical,
                total,
                counted > 0 ? firstQueueOffset : 0,
                batch.length,
                timestamp,
                null);
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
        writeLock.lock();
        try {
            queueOffsets.remove(topic);
            queues.deleteTopic(topic);
        } finally {
            releaseWriteLock();
        }
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
            if (after > before) {
                metrics.flushed(after - before, System.nanoTime() - t);
            }
        } catch (RuntimeException | InternalError e) {
            turnReadOnly("CommitLog flush failed: " + e);
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
        writeLock.lock();
        try {
            closed = true;
        } finally {
            releaseWriteLock();
        }
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
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            releaseWriteLock();
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
