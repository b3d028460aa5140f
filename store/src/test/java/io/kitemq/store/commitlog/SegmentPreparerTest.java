package io.kitemq.store.commitlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.nio.file.ExtendedOpenOption;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.store.TestMessages;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SegmentPreparer} zeroes the CommitLog ahead of a {@code pwrite} writer with O_DIRECT: it must never
 * land on a byte the writer wrote, whether the writer runs behind it, catches up with it, or passes it.
 */
class SegmentPreparerTest {

    @TempDir
    Path dir;

    private final List<CommitLog> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(CommitLog::abandon);
    }

    private CommitLog open(Path d, int segmentBytes) {
        CommitLog log = CommitLog.open(d, segmentBytes, 0);
        opened.add(log);
        return log;
    }

    private static void assertRecords(CommitLog log, List<Long> offsets, List<byte[]> bodies, long seed) {
        for (int i = 0; i < offsets.size(); i++) {
            ByteBuffer record = log.readRecord(offsets.get(i));
            assertThat(record)
                    .as("record %d at %d (seed %d)", i, offsets.get(i), seed)
                    .isNotNull();
            MessageExt m = StoredMessageCodec.decode(record, true, false);
            assertThat(Arrays.equals(m.getBody(), bodies.get(i)))
                    .as("body of record %d at %d (seed %d)", i, offsets.get(i), seed)
                    .isTrue();
        }
    }

    @Test
    void aWriterRacingThePreparerLosesNothingAcrossRolls() {
        long seed = System.nanoTime();
        System.out.println("SegmentPreparerTest seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        CommitLog log = open(dir, 4 << 20);
        log.setWritePosition(0);
        log.prepareAhead(1 << 20);
        SegmentPreparer preparer = log.preparer();
        List<Long> offsets = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        boolean sawPreparedAhead = false;
        for (int i = 0; i < 6_000; i++) {
            byte[] body = new byte[1 + random.nextInt(8 * 1024)];
            random.nextBytes(body);
            offsets.add(TestMessages.appendRecord(log, "T", body));
            bodies.add(body);
            if (i % 700 == 699) {
                // let the preparer get ahead now and then, so that the writer also appends into prepared chunks
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> preparer.preparedEnd() > log.writePosition() || preparer.stopped());
                sawPreparedAhead |= preparer.preparedEnd() > log.writePosition();
            }
        }
        assertThat(log.segments()).hasSizeGreaterThan(4); // ~24 MiB over 4 MiB segments
        assertThat(preparer.stopped())
                .as("preparing stopped on this filesystem")
                .isFalse();
        assertThat(sawPreparedAhead).isTrue();
        assertThat(preparer.chunksPrepared()).isPositive();
        assertRecords(log, offsets, bodies, seed);
        // and on disk, not only in the page cache: zeroes written with O_DIRECT bypass it, so after the flush
        // that close() makes, what an O_DIRECT read finds must be what the page cache holds
        long end = log.writePosition();
        List<Segment> segments = log.segments();
        log.close();
        opened.remove(log);
        for (Segment segment : segments) {
            assertDiskMatchesPageCache(segment.file().path(), (int) Math.min(segment.size(), end - segment.base()));
        }
        CommitLog reopened = open(dir, 4 << 20);
        CommitLogRecovery.recover(reopened, 0);
        assertThat(reopened.writePosition()).isEqualTo(end);
        assertRecords(reopened, offsets, bodies, seed);
    }

    /**
     * The prepared pages are allocated on disk but not cached: a pwrite covering part of one would make the
     * kernel read it from disk first. The writer fills each page it enters to the end, so appending into the
     * prepared range reads nothing. Counted per thread ({@code /proc/thread-self/io}, read_bytes): the
     * appends run on this thread.
     */
    @Test
    void appendingIntoPreparedPagesReadsNothingFromDisk() throws Exception {
        Path io = Path.of("/proc/thread-self/io");
        assumeTrue(Files.isReadable(io), "per-thread I/O accounting (Linux) is needed");
        CommitLog log = open(dir, 64 << 20);
        log.setWritePosition(0);
        log.prepareAhead(16 << 20);
        SegmentPreparer preparer = log.preparer();
        byte[] body = new byte[1000]; // records of ~1.1 KiB: most end inside a page
        Arrays.fill(body, (byte) 7);
        TestMessages.appendRecord(log, "T", body);
        await().atMost(Duration.ofSeconds(20)).until(() -> preparer.preparedEnd() >= 16 << 20 || preparer.stopped());
        assertThat(preparer.stopped())
                .as("preparing stopped on this filesystem")
                .isFalse();
        long before = readBytes(io);
        while (log.writePosition() < 8 << 20) {
            TestMessages.appendRecord(log, "T", body);
        }
        long read = readBytes(io) - before;
        System.out.println("SegmentPreparerTest: appending 8 MiB into prepared pages read " + read + " bytes");
        assertThat(read).as("bytes read from disk while appending 8 MiB").isLessThan(64 * 1024);
    }

    private static long readBytes(Path io) throws java.io.IOException {
        return Files.readAllLines(io).stream()
                .filter(l -> l.startsWith("read_bytes:"))
                .mapToLong(
                        l -> Long.parseLong(l.substring("read_bytes:".length()).trim()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aSegmentSmallerThanTheDistanceAheadIsPreparedWholeAndTheNextAfterTheRoll() {
        CommitLog log = open(dir, 64 * 1024 + 100); // not a multiple of a page: its last partial page is left
        log.setWritePosition(0);
        log.prepareAhead(256 * 1024);
        SegmentPreparer preparer = log.preparer();
        List<Long> offsets = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        byte[] first = new byte[1000];
        offsets.add(TestMessages.appendRecord(log, "T", first)); // the first segment exists from the first append
        bodies.add(first);
        // whole pages zeroed, then the partial last page counted as prepared (it is never zeroed)
        await().atMost(Duration.ofSeconds(20)).until(() -> preparer.preparedEnd() == 64 * 1024 + 100);
        for (int i = 0; i < 200; i++) {
            byte[] body = new byte[1000];
            Arrays.fill(body, (byte) (i + 1));
            offsets.add(TestMessages.appendRecord(log, "T", body));
            bodies.add(body);
        }
        assertThat(log.segments()).hasSizeGreaterThanOrEqualTo(3);
        long lastBase = log.segments().get(log.segments().size() - 1).base();
        await().atMost(Duration.ofSeconds(20)).until(() -> preparer.preparedEnd() == lastBase + 64 * 1024 + 100);
        // and then it sleeps: nothing is left to prepare until the writer moves on
        await().atMost(Duration.ofSeconds(20)).until(() -> preparerThreadState() == Thread.State.TIMED_WAITING);
        assertRecords(log, offsets, bodies, 0);
    }

    @Test
    void closingStopsThePreparerThread() {
        CommitLog log = open(dir, 1 << 20);
        log.setWritePosition(0);
        log.prepareAhead(1 << 20);
        await().atMost(Duration.ofSeconds(20)).until(() -> preparerThreads() == 1);
        log.close();
        opened.remove(log);
        assertThat(preparerThreads()).isZero();
    }

    @Test
    void truncatingWhileThePreparerRunsIsRefusedAndChangesNothing() {
        CommitLog log = open(dir, 1 << 20);
        log.setWritePosition(0);
        TestMessages.appendRecord(log, "T", "first".getBytes(StandardCharsets.UTF_8));
        long second = TestMessages.appendRecord(log, "T", "second".getBytes(StandardCharsets.UTF_8));
        long end = log.writePosition();
        log.prepareAhead(1 << 20);
        // recovery truncates before the preparer starts; later the preparer's zeros ahead of the old write
        // position would race the truncation's, and it would go on preparing from the old position
        assertThatThrownBy(() -> log.truncate(0)).isInstanceOf(IllegalStateException.class);
        assertThat(log.writePosition()).isEqualTo(end);
        assertThat(log.readRecord(second)).isNotNull();
    }

    /** Compares the first {@code length} bytes (rounded down to pages) as O_DIRECT and the page cache see them. */
    private static void assertDiskMatchesPageCache(Path file, int length) {
        int pages = length / 4096 * 4096;
        try (FileChannel direct = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
                FileChannel cached = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer fromDisk = ByteBuffer.allocateDirect((1 << 20) + 4096).alignedSlice(4096);
            ByteBuffer fromCache = ByteBuffer.allocate(1 << 20);
            for (int at = 0; at < pages; at += 1 << 20) {
                int n = Math.min(1 << 20, pages - at);
                fromDisk.clear().limit(n);
                fromCache.clear().limit(n);
                while (fromDisk.hasRemaining() && direct.read(fromDisk, at + fromDisk.position()) > 0) {}
                while (fromCache.hasRemaining() && cached.read(fromCache, at + fromCache.position()) > 0) {}
                assertThat(fromDisk.flip().mismatch(fromCache.flip()))
                        .as("first byte differing between disk and page cache in %s after %d", file, at)
                        .isEqualTo(-1);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Thread.State preparerThreadState() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("kitemq-store-segment-preparer"))
                .map(Thread::getState)
                .findFirst()
                .orElse(Thread.State.TERMINATED);
    }

    private static long preparerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("kitemq-store-segment-preparer") && t.isAlive())
                .count();
    }
}
