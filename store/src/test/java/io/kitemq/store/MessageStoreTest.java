package io.kitemq.store;

import static io.kitemq.store.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.protocol.message.TagHash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store end to end on temp files with tiny segments: append, read, query, reopen, crash, retention. */
class MessageStoreTest {

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(1_700_000_000_000L);
    MessageStore store;

    StoreConfig config() {
        return StoreConfig.defaults(dir).withSegmentBytes(64 * 1024, 64).withIndexSize(64, 256);
    }

    MessageStore open(StoreConfig config) {
        store = MessageStore.open(config, clock, StoreMetrics.NONE);
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    static String body(ByteBuffer record) {
        return new String(StoredMessageCodec.decode(record, true, false).getBody(), StandardCharsets.UTF_8);
    }

    void awaitDispatched() {
        await().atMost(Duration.ofSeconds(10)).until(() -> store.dispatchedOffset() == store.commitLogMaxOffset());
    }

    @Test
    void appendThenReadByQueueOffset() {
        open(config());
        for (int i = 0; i < 100; i++) {
            AppendResult r = store.append(message("T", 1, "m" + i)).join();
            assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
            assertThat(r.queueOffset()).isEqualTo(i);
        }
        awaitDispatched();
        GetResult g = store.get("T", 1, 10, 5, Integer.MAX_VALUE, MessageFilter.ALL);
        assertThat(g.status()).isEqualTo(GetStatus.FOUND);
        assertThat(g.records()).extracting(MessageStoreTest::body).containsExactly("m10", "m11", "m12", "m13", "m14");
        assertThat(g.nextBeginOffset()).isEqualTo(15);
        assertThat(g.minOffset()).isZero();
        assertThat(g.maxOffset()).isEqualTo(100);
        MessageExt decoded = StoredMessageCodec.decode(g.records().get(0), true, false);
        assertThat(decoded.getQueueOffset()).isEqualTo(10);
        assertThat(decoded.getStoreTimestamp()).isEqualTo(clock.millis());
    }

    @Test
    void aTimedMessageInASystemTopicHasItsDueTimeAsTagHash() {
        open(config());
        MessageExt timed = message("rmq_sys_wheel_timer", 0, "t");
        timed.putProperty("TIMER_OUT_MS", "1700000123456");
        timed.putProperty("TAGS", "TagA");
        MessageExt ordinary = message("Orders", 0, "o");
        ordinary.putProperty("TIMER_OUT_MS", "1700000123456");
        ordinary.putProperty("TAGS", "TagA");
        store.append(timed).join();
        store.append(ordinary).join();
        awaitDispatched();

        io.kitemq.store.queue.ConsumeQueueEntries entries = new io.kitemq.store.queue.ConsumeQueueEntries(8);
        assertThat(store.readEntries("rmq_sys_wheel_timer", 0, 0, entries)).isEqualTo(1);
        assertThat(entries.tagHash(0)).isEqualTo(1_700_000_123_456L);
        assertThat(entries.commitLogOffset(0)).isEqualTo(timed.getCommitLogOffset());
        store.readEntries("Orders", 0, 0, entries);
        assertThat(entries.tagHash(0)).isEqualTo(io.kitemq.protocol.message.TagHash.of("TagA"));
        assertThat(store.readEntries("Nowhere", 0, 0, entries)).isZero();
    }

    @Test
    void readStatusesAtTheEdges() {
        open(config());
        assertThat(store.get("none", 0, 0, 10, 1 << 20, MessageFilter.ALL).status())
                .isEqualTo(GetStatus.NO_MATCHED_LOGIC_QUEUE);
        for (int i = 0; i < 3; i++) {
            store.append(message("T", 0, "m" + i)).join();
        }
        awaitDispatched();
        assertThat(store.get("T", 0, 3, 10, 1 << 20, MessageFilter.ALL).status())
                .isEqualTo(GetStatus.OFFSET_OVERFLOW_ONE);
        GetResult badly = store.get("T", 0, 10, 10, 1 << 20, MessageFilter.ALL);
        assertThat(badly.status()).isEqualTo(GetStatus.OFFSET_OVERFLOW_BADLY);
        assertThat(badly.nextBeginOffset()).isZero();
        GetResult limited = store.get("T", 0, 0, 10, 1, MessageFilter.ALL);
        assertThat(limited.messageCount()).isEqualTo(1);
        assertThat(limited.nextBeginOffset()).isEqualTo(1);
    }

    @Test
    void tagFilterOnTheBroker() {
        open(config());
        for (int i = 0; i < 20; i++) {
            MessageExt m = message("T", 0, "m" + i);
            m.setTags(i % 2 == 0 ? "even" : "odd");
            store.append(m).join();
        }
        awaitDispatched();
        long even = TagHash.of("even");
        GetResult g = store.get("T", 0, 0, 100, 1 << 20, h -> h == even);
        assertThat(g.records())
                .extracting(MessageStoreTest::body)
                .allMatch(b -> Integer.parseInt(b.substring(1)) % 2 == 0)
                .hasSize(10);
        assertThat(g.nextBeginOffset()).isEqualTo(20);
        GetResult none = store.get("T", 0, 0, 100, 1 << 20, h -> false);
        assertThat(none.status()).isEqualTo(GetStatus.NO_MATCHED_MESSAGE);
        assertThat(none.nextBeginOffset()).isEqualTo(20);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"SYNC, 0", "ASYNC, 0", "ASYNC, 8192"})
    void concurrentAppendersGetExactOffsets(FlushMode mode, int writeWindow) throws Exception {
        // more appenders than cores: most find the writer lock taken and leave their append to its holder;
        // with ASYNC write windows of 8 KiB records cross windows and windows change all the time
        open(config().withFlushMode(mode).withWriteWindows(writeWindow));
        int threads = 8;
        int perThread = 3000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Map<String, Long> offsetOf = new ConcurrentHashMap<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    String b = thread + "-" + i;
                    // all threads share queue 0; each also has a queue of its own
                    int queue = i % 2 == 0 ? 0 : thread + 1;
                    AppendResult r = store.append(message("T", queue, b)).join();
                    assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
                    offsetOf.put(queue + "/" + r.queueOffset(), r.commitLogOffset());
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        awaitDispatched();
        assertThat(offsetOf).hasSize(threads * perThread);
        assertThat(store.maxOffset("T", 0)).isEqualTo(threads * perThread / 2);
        for (int q = 1; q <= threads; q++) {
            assertThat(store.maxOffset("T", q)).isEqualTo(perThread / 2);
        }
        // every queue reads back densely, and each entry points at the record that got that offset
        for (int q = 0; q <= threads; q++) {
            long next = 0;
            int count = 0;
            while (next < store.maxOffset("T", q)) {
                GetResult g = store.get("T", q, next, 32, Integer.MAX_VALUE, MessageFilter.ALL);
                for (ByteBuffer r : g.records()) {
                    MessageExt m = StoredMessageCodec.decode(r, true, false);
                    assertThat(offsetOf.get(q + "/" + m.getQueueOffset())).isEqualTo(m.getCommitLogOffset());
                    count++;
                }
                next = g.nextBeginOffset();
            }
            assertThat(count).isEqualTo(q == 0 ? threads * perThread / 2 : perThread / 2);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(FlushMode.class)
    void appendsRacingCloseAllComplete(FlushMode mode) throws Exception {
        open(config().withFlushMode(mode));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(6);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                long ok = 0;
                long refused = 0;
                started.countDown();
                for (int i = 0; refused == 0; i++) {
                    AppendResult r = store.append(message("T", thread, thread + "-" + i))
                            .get(10, java.util.concurrent.TimeUnit.SECONDS); // never left queued forever
                    if (r.status() == AppendStatus.PUT_OK) {
                        ok++;
                    } else {
                        assertThat(r.status()).isEqualTo(AppendStatus.SERVICE_NOT_AVAILABLE);
                        refused++;
                    }
                }
                return new long[] {ok, refused};
            }));
        }
        started.await();
        await().atMost(Duration.ofSeconds(10)).until(() -> store.commitLogMaxOffset() > 20_000);
        store.close();
        long acknowledged = 0;
        for (Future<long[]> f : futures) {
            acknowledged += f.get(20, java.util.concurrent.TimeUnit.SECONDS)[0];
        }
        pool.shutdown();
        // everything acknowledged before close is there after reopening
        store = null;
        open(config().withFlushMode(mode));
        long stored = 0;
        for (int q = 0; q < 6; q++) {
            stored += store.maxOffset("T", q);
        }
        assertThat(stored).isEqualTo(acknowledged);
    }

    @Test
    void batchesAreContiguousWithConsecutiveOffsets() {
        open(config());
        store.append(message("T", 0, "before")).join();
        List<MessageExt> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(message("T", 0, "b" + i));
        }
        AppendResult r = store.appendBatch(batch).join();
        assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
        assertThat(r.queueOffset()).isEqualTo(1);
        assertThat(r.messageCount()).isEqualTo(10);
        awaitDispatched();
        GetResult g = store.get("T", 0, 1, 100, Integer.MAX_VALUE, MessageFilter.ALL);
        assertThat(g.records())
                .extracting(MessageStoreTest::body)
                .containsExactly("b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9");
        long at = r.commitLogOffset();
        for (ByteBuffer rec : g.records()) {
            assertThat(StoredMessageCodec.decode(rec, false, false).getCommitLogOffset())
                    .isEqualTo(at);
            at += rec.remaining();
        }
    }

    @Test
    void oversizedAndInvalidMessagesAreRefusedWithoutStoringAnything() {
        open(config().withMaxMessageBytes(1000));
        long before = store.commitLogMaxOffset();
        assertThat(store.append(message("T", 0, new byte[1001])).join().status())
                .isEqualTo(AppendStatus.MESSAGE_ILLEGAL);
        assertThat(store.append(message("", 0, "x")).join().status()).isEqualTo(AppendStatus.MESSAGE_ILLEGAL);
        MessageExt bigProps = message("T", 0, "x");
        bigProps.putProperty("p", "v".repeat(40_000));
        assertThat(store.append(bigProps).join().status()).isEqualTo(AppendStatus.PROPERTIES_SIZE_EXCEEDED);
        assertThat(store.commitLogMaxOffset()).isEqualTo(before);
    }

    @Test
    void queryByKeyAndUniqueKey() {
        open(config());
        for (int i = 0; i < 30; i++) {
            MessageExt m = message("T", i % 3, "m" + i);
            m.setKeys("order-" + (i % 5) + " all");
            m.putProperty("UNIQ_KEY", "U" + i);
            store.append(m).join();
        }
        awaitDispatched();
        QueryResult q = store.query("T", "order-2", 32, 0, Long.MAX_VALUE);
        assertThat(q.records())
                .extracting(MessageStoreTest::body)
                .containsExactlyInAnyOrder("m2", "m7", "m12", "m17", "m22", "m27");
        assertThat(store.query("T", "U13", 32, 0, Long.MAX_VALUE).records())
                .extracting(MessageStoreTest::body)
                .containsExactly("m13");
        assertThat(store.query("T", "all", 4, 0, Long.MAX_VALUE).records()).hasSize(4);
        assertThat(store.query("Other", "all", 4, 0, Long.MAX_VALUE).records()).isEmpty();
        assertThat(q.indexLastUpdatePhyOffset()).isPositive();
        // "Aa" and "BB" share a hash code: the index finds both, the store returns only the real match
        MessageExt aa = message("T", 0, "aa");
        aa.setKeys("Aa");
        MessageExt bb = message("T", 0, "bb");
        bb.setKeys("BB");
        store.append(aa).join();
        store.append(bb).join();
        awaitDispatched();
        assertThat(store.query("T", "Aa", 32, 0, Long.MAX_VALUE).records())
                .extracting(MessageStoreTest::body)
                .containsExactly("aa");
    }

    @Test
    void offsetsByTimestampAndEarliestStoreTime() {
        open(config());
        long t0 = clock.millis();
        for (int i = 0; i < 10; i++) {
            store.append(message("T", 0, "m" + i)).join();
            clock.advance(1000);
        }
        awaitDispatched();
        assertThat(store.offsetForTimestamp("T", 0, t0 + 3500, false)).isEqualTo(4);
        assertThat(store.offsetForTimestamp("T", 0, t0 + 3500, true)).isEqualTo(3);
        assertThat(store.earliestStoreTime("T", 0)).isEqualTo(t0);
        ByteBuffer first =
                store.get("T", 0, 0, 1, 1 << 20, MessageFilter.ALL).records().get(0);
        long phy = StoredMessageCodec.decode(first, false, false).getCommitLogOffset();
        assertThat(body(store.readAt(phy))).isEqualTo("m0");
    }

    @Test
    void cleanReopenKeepsEverythingAndContinuesOffsets() {
        open(config());
        for (int i = 0; i < 500; i++) {
            store.append(message("T", i % 4, "m" + i)).join();
        }
        long end = store.commitLogMaxOffset();
        store.close();
        open(config());
        assertThat(store.commitLogMaxOffset()).isEqualTo(end);
        for (int q = 0; q < 4; q++) {
            assertThat(store.maxOffset("T", q)).isEqualTo(125);
        }
        assertThat(store.append(message("T", 2, "next")).join().queueOffset()).isEqualTo(125);
    }

    @Test
    void crashRecoveryRebuildsQueuesAndIndexFromTheCommitLog() throws Exception {
        open(config());
        for (int i = 0; i < 800; i++) {
            MessageExt m = message("T", i % 4, "m" + i);
            m.setKeys("k" + i);
            store.append(m).join();
        }
        long end = store.commitLogMaxOffset();
        store.crashForTest();
        // lose the derived files entirely: everything must come back from the CommitLog
        deleteRecursively(dir.resolve("consumequeue"));
        deleteRecursively(dir.resolve("index"));
        open(config());
        assertThat(store.commitLogMaxOffset()).isEqualTo(end);
        for (int q = 0; q < 4; q++) {
            assertThat(store.maxOffset("T", q)).isEqualTo(200);
        }
        assertThat(store.query("T", "k777", 4, 0, Long.MAX_VALUE).records())
                .extracting(MessageStoreTest::body)
                .containsExactly("m777");
        assertThat(store.append(message("T", 1, "next")).join().queueOffset()).isEqualTo(200);
    }

    @Test
    void syncFlushAcknowledgesAfterFsyncWithGroupCommit() throws Exception {
        open(config().withFlushMode(FlushMode.SYNC));
        List<java.util.concurrent.CompletableFuture<AppendResult>> futures = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            futures.add(store.append(message("T", i % 8, "m" + i)));
        }
        long maxEnd = 0;
        for (var f : futures) {
            AppendResult r = f.join();
            assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
            maxEnd = Math.max(maxEnd, r.commitLogOffset() + r.wroteBytes());
        }
        assertThat(store.flushedOffset()).isGreaterThanOrEqualTo(maxEnd);
    }

    @Test
    void retentionDeletesExpiredSegmentsAndQueuesFollow() {
        StoreConfig cfg = config().withRetention(Duration.ofHours(72), 4, 75, 90, Duration.ofHours(1));
        MessageStore s = MessageStore.open(cfg, clock, StoreMetrics.NONE, d -> 10);
        store = s;
        byte[] body = new byte[1000];
        for (int i = 0; i < 300; i++) {
            s.append(message("T", 0, body)).join();
        }
        awaitDispatched();
        long minBefore = s.commitLogMinOffset();
        // not yet expired: nothing goes, even at the deletion hour
        s.runRetention();
        assertThat(s.commitLogMinOffset()).isEqualTo(minBefore);
        // 73 hours later, at 04:xx local time
        clock.advance(Duration.ofHours(73).toMillis());
        java.time.ZonedDateTime now = clock.instant().atZone(java.time.ZoneId.systemDefault());
        java.time.ZonedDateTime at4 = now.withHour(4);
        clock.set((at4.isBefore(now) ? at4.plusDays(1) : at4).toInstant().toEpochMilli());
        s.runRetention();
        assertThat(s.commitLogMinOffset()).isGreaterThan(minBefore);
        long min = s.minOffset("T", 0);
        assertThat(min).isPositive();
        GetResult tooSmall = s.get("T", 0, 0, 10, 1 << 20, MessageFilter.ALL);
        assertThat(tooSmall.status()).isEqualTo(GetStatus.OFFSET_TOO_SMALL);
        assertThat(tooSmall.nextBeginOffset()).isEqualTo(min);
        assertThat(s.get("T", 0, min, 10, 1 << 20, MessageFilter.ALL).status())
                .isIn(GetStatus.FOUND, GetStatus.OFFSET_FOUND_NULL);
    }

    @Test
    void retentionUnderDiskPressureStopsOnceTheSpaceItFreedBringsUseBelowTheMark() throws java.io.IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                io.kitemq.store.file.ProcessMaps.available(), "needs /proc/self/maps and a deterministic unmap");
        int segment = 64 * 1024;
        Path logDir = dir.resolve("commitlog");
        // the disk is above the high-water mark while the CommitLog holds more than `limit` bytes, counting the
        // segments still on disk and those deleted but still mapped (their blocks are not free until unmapped)
        java.util.concurrent.atomic.AtomicLong limit = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        java.util.function.ToIntFunction<Path> use = d -> heldBytes(logDir) > limit.get() ? 80 : 50;
        StoreConfig cfg = config().withRetention(Duration.ofHours(72), 4, 75, 90, Duration.ofHours(1));
        MessageStore s = MessageStore.open(cfg, clock, StoreMetrics.NONE, use);
        store = s;
        byte[] body = new byte[1000];
        for (int i = 0; i < 400; i++) {
            s.append(message("T", 0, body)).join();
        }
        awaitDispatched();
        assertThat(s.commitLogMaxOffset()).isGreaterThan(5L * segment);
        assertThat(s.commitLogMinOffset()).isZero();
        limit.set(heldBytes(logDir) - 2L * segment); // two segments must go, none of them expired

        s.runRetention();

        assertThat(s.commitLogMinOffset()).isEqualTo(2L * segment);
        assertThat(s.append(message("T", 0, "still writable")).join().status()).isEqualTo(AppendStatus.PUT_OK);
    }

    @Test
    void anOpenThatFailsAfterTheCommitLogLeavesNoSegmentMapped() throws java.io.IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                io.kitemq.store.file.ProcessMaps.available(), "needs /proc/self/maps and a deterministic unmap");
        MessageStore s = open(config());
        for (int i = 0; i < 200; i++) {
            s.append(message("T", 0, new byte[1000])).join();
        }
        s.close();
        store = null;
        // the index directory replaced by a file: opening fails after the CommitLog was opened and recovered
        deleteRecursively(dir.resolve("index"));
        java.nio.file.Files.writeString(dir.resolve("index"), "not a directory");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> open(config())).isInstanceOf(RuntimeException.class);
        store = null;

        assertThat(io.kitemq.store.file.ProcessMaps.mappedBytesUnder(dir.resolve("commitlog"), false))
                .isZero();
        // and the directory lock was let go: with the index back, the store opens
        java.nio.file.Files.delete(dir.resolve("index"));
        assertThat(open(config()).commitLogMaxOffset()).isPositive();
    }

    /** Bytes of CommitLog files under {@code logDir}: on disk, plus deleted ones this process still maps. */
    static long heldBytes(Path logDir) {
        try (var files = java.nio.file.Files.list(logDir)) {
            long onDisk = files.mapToLong(f -> f.toFile().length()).sum();
            return onDisk + io.kitemq.store.file.ProcessMaps.mappedBytesUnder(logDir, true);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void fullDiskTurnsTheStoreReadOnlyAndBack() {
        java.util.concurrent.atomic.AtomicInteger used = new java.util.concurrent.atomic.AtomicInteger(50);
        MessageStore s = MessageStore.open(config(), clock, StoreMetrics.NONE, d -> used.get());
        store = s;
        assertThat(s.append(message("T", 0, "ok")).join().status()).isEqualTo(AppendStatus.PUT_OK);
        used.set(95);
        s.runRetention();
        AppendResult refused = s.append(message("T", 0, "no")).join();
        assertThat(refused.status()).isEqualTo(AppendStatus.SERVICE_NOT_AVAILABLE);
        assertThat(refused.remark()).contains("disk 95%");
        assertThat(s.readOnlyReason()).contains("disk");
        used.set(50);
        s.runRetention();
        assertThat(s.append(message("T", 0, "again")).join().status()).isEqualTo(AppendStatus.PUT_OK);
    }

    static void deleteRecursively(Path p) throws java.io.IOException {
        if (!java.nio.file.Files.exists(p)) {
            return;
        }
        try (var walk = java.nio.file.Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }
}
