package io.kitemq.store.commitlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.store.TestMessages;
import io.kitemq.store.file.ProcessMaps;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CommitLog append, roll, read, flush and recovery on real temp files with tiny segments. */
class CommitLogTest {

    static final int SEGMENT = 4096;

    @TempDir
    Path dir;

    final List<CommitLog> opened = new ArrayList<>();

    /** Opens a log that is closed after the test (its allocator thread must not outlive the temp dir). */
    CommitLog open() {
        CommitLog log = CommitLog.open(dir, SEGMENT);
        opened.add(log);
        return log;
    }

    CommitLog fresh(Path dir) {
        CommitLog log = open();
        log.setWritePosition(0);
        return log;
    }

    @org.junit.jupiter.api.AfterEach
    void closeLogs() {
        opened.forEach(CommitLog::abandon);
    }

    @Test
    void appendsRollAndReadBack() {
        CommitLog log = fresh(dir);
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            offsets.add(TestMessages.appendRecord(log, "T", ("body-" + i).getBytes()));
        }
        assertThat(log.segments().size()).isGreaterThan(3);
        for (int i = 0; i < offsets.size(); i++) {
            ByteBuffer r = log.readRecord(offsets.get(i));
            MessageExt m = StoredMessageCodec.decode(r, true, false);
            assertThat(new String(m.getBody())).isEqualTo("body-" + i);
            assertThat(m.getCommitLogOffset()).isEqualTo(offsets.get(i));
        }
        // no record straddles a segment
        for (long off : offsets) {
            Segment s = log.segmentAt(off);
            assertThat(off + log.readRecord(off).remaining()).isLessThanOrEqualTo(s.end());
        }
    }

    @Test
    void deletedAndClosedSegmentsAreUnmappedAtOnce() {
        assumeTrue(ProcessMaps.available(), "needs /proc/self/maps and a deterministic unmap");
        CommitLog log = fresh(dir);
        for (int i = 0; i < 200; i++) {
            TestMessages.appendRecord(log, "T", ("body-" + i).getBytes(), 1_700_000_000_000L + i);
        }
        int segments = log.segments().size();
        assertThat(segments).isGreaterThan(3);
        assertThat(ProcessMaps.mappedBytesUnder(dir, false)).isGreaterThanOrEqualTo((long) segments * SEGMENT);

        Segment oldest = log.oldest();
        assertThat(log.deleteOldestIfBelow(log.writePosition())).isSameAs(oldest);

        // retention measures the disk right after deleting: the segment must hold no space by then
        assertThat(ProcessMaps.mappedBytesUnder(dir, true)).isZero();
        assertThat(log.storeTimestampAt(oldest.base())).isEqualTo(-1);
        long survivor = log.oldest().base();
        assertThat(log.storeTimestampAt(survivor)).isBetween(1_700_000_000_000L, 1_700_000_000_199L);

        log.close();
        // every segment, the one allocated ahead of the writer included
        assertThat(ProcessMaps.mappedBytesUnder(dir, false)).isZero();
    }

    @Test
    void retentionDeletingWhileTheWriterRollsLosesNeitherChange() throws Exception {
        CommitLog log = fresh(dir);
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Segment> deleted = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread retention = new Thread(() -> {
            while (writing.get()) {
                // two segments behind the writer: a segment becomes deletable just as the writer rolls
                Segment gone = log.deleteOldestIfBelow(log.writePosition() - 2L * SEGMENT);
                if (gone != null) {
                    deleted.add(gone);
                }
            }
        });
        retention.start();
        int unlisted = 0;
        try {
            for (int i = 0; i < 20_000; i++) {
                long offset = TestMessages.appendRecord(log, "T", ("body-" + i).getBytes());
                if (log.segmentAt(offset) == null) {
                    unlisted++; // the segment just written is missing from the list: readers and flushes skip it
                }
            }
        } finally {
            writing.set(false);
            retention.join();
        }
        assertThat(unlisted).as("appends whose segment was not listed").isZero();
        List<Segment> left = log.segments();
        assertThat(deleted).isNotEmpty();
        // the writer's segment is there, every segment listed is a live file, and they follow one another
        assertThat(log.segmentAt(log.writePosition() - 1)).isNotNull();
        for (int i = 0; i < left.size(); i++) {
            assertThat(left.get(i).file().released())
                    .as("segment %d deleted but listed", i)
                    .isFalse();
            if (i > 0) {
                assertThat(left.get(i).base()).isEqualTo(left.get(i - 1).end());
            }
        }
        assertThat(left).doesNotContainAnyElementsOf(deleted);
        assertThat(log.minOffset()).isEqualTo(left.get(0).base());
    }

    @Test
    void recordsCrossingWriteWindowsAreWholeAndSurviveReopening() {
        // 4 KiB windows in 64 KiB segments: records of up to 10 KiB cross one or two window ends
        long seed = System.nanoTime();
        System.out.println("CommitLogTest.recordsCrossingWriteWindowsAreWholeAndSurviveReopening seed = " + seed);
        Random random = new Random(seed);
        Path windowed = dir.resolve("windowed");
        CommitLog log = CommitLog.open(windowed, 64 * 1024, 4096);
        opened.add(log);
        log.setWritePosition(0);
        List<Long> offsets = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] body = new byte[random.nextInt(10 * 1024)];
            random.nextBytes(body);
            bodies.add(body);
            offsets.add(TestMessages.appendRecord(log, "T", body));
        }
        assertThat(log.segments().size()).isGreaterThan(3);
        assertRecords(log, offsets, bodies);
        assertRecords(reopenedAfterRecovery(log, windowed), offsets, bodies);
    }

    private static void assertRecords(CommitLog log, List<Long> offsets, List<byte[]> bodies) {
        for (int i = 0; i < offsets.size(); i++) {
            ByteBuffer record = log.readRecord(offsets.get(i));
            assertThat(record).as("record %d at %d", i, offsets.get(i)).isNotNull();
            MessageExt m = StoredMessageCodec.decode(record, true, false);
            assertThat(m.getBody()).as("record %d", i).isEqualTo(bodies.get(i));
            assertThat(m.getCommitLogOffset()).isEqualTo(offsets.get(i));
        }
    }

    @Test
    void withoutWindowsStagedRecordsAreInvisibleUntilPublishedThenWrittenInOneRun() {
        Path staged = dir.resolve("staged");
        CommitLog log = CommitLog.open(staged, 64 * 1024, 0);
        opened.add(log);
        log.setWritePosition(0);
        Random random = new Random(11);
        List<Long> offsets = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            long published = log.writePosition();
            int records = 1 + random.nextInt(20);
            for (int i = 0; i < records; i++) {
                byte[] body = new byte[random.nextInt(3000)];
                random.nextBytes(body);
                MessageExt m = TestMessages.message("T", 0, body);
                m.putProperty("p", "v");
                m.setBodyCRC(io.kitemq.protocol.message.StoredMessageFormat.bodyCrc(body));
                int size = StoredMessageCodec.toBytes(m).length;
                long offset = log.appendDeferred(size, (dst, at) -> {
                    m.setCommitLogOffset(at);
                    StoredMessageCodec.encode(dst, m);
                });
                offsets.add(offset);
                bodies.add(body);
            }
            // staged records are not readable (a roll in between may have published the ones before it)
            long last = offsets.get(offsets.size() - 1);
            assertThat(log.readRecord(last)).isNull();
            assertThat(log.writePosition()).isGreaterThanOrEqualTo(published);
            log.publish();
        }
        assertThat(log.segments().size()).isGreaterThan(3);
        assertRecords(log, offsets, bodies);
        assertRecords(reopenedAfterRecovery(log, staged, 0), offsets, bodies);
    }

    /** Abandons {@code log} (as a crash would) and recovers a new one over its files. */
    private CommitLog reopenedAfterRecovery(CommitLog log, Path logDir) {
        return reopenedAfterRecovery(log, logDir, 4096);
    }

    private CommitLog reopenedAfterRecovery(CommitLog log, Path logDir, int windowBytes) {
        long end = log.writePosition();
        log.abandon();
        CommitLog reopened = CommitLog.open(logDir, 64 * 1024, windowBytes);
        opened.add(reopened);
        assertThat(CommitLogRecovery.recover(reopened, 0).validEnd()).isEqualTo(end);
        return reopened;
    }

    @Test
    void readBeyondWritePositionIsNull() {
        CommitLog log = fresh(dir);
        long off = TestMessages.appendRecord(log, "T", new byte[10]);
        assertThat(log.read(off, 10_000)).isNull();
        assertThat(log.readRecord(log.writePosition())).isNull();
        assertThat(log.read(-1, 4)).isNull();
    }

    @Test
    void oversizedRecordIsRefused() {
        CommitLog log = fresh(dir);
        assertThatThrownBy(() -> log.append(SEGMENT, (dst, o) -> {})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void flushAdvancesFlushedPosition() {
        CommitLog log = fresh(dir);
        for (int i = 0; i < 50; i++) {
            TestMessages.appendRecord(log, "T", new byte[100]);
        }
        assertThat(log.flushedPosition()).isZero();
        assertThat(log.flush()).isEqualTo(log.writePosition());
        assertThat(log.flushedPosition()).isEqualTo(log.writePosition());
    }

    @Test
    void recoveryFindsTheEndOfACleanLog() {
        CommitLog log = fresh(dir);
        for (int i = 0; i < 100; i++) {
            TestMessages.appendRecord(log, "T", ("m" + i).getBytes());
        }
        long end = log.writePosition();
        log.flush();
        CommitLog reopened = open();
        CommitLogRecovery.Result r = CommitLogRecovery.recover(reopened, 0);
        assertThat(r.validEnd()).isEqualTo(end);
        assertThat(r.records()).isEqualTo(100);
        assertThat(r.bytesTruncated()).isZero();
        // appends continue where the log ended
        long next = TestMessages.appendRecord(reopened, "T", "after".getBytes());
        assertThat(next).isEqualTo(end);
    }

    @Test
    void recoveryCutsAGarbledTailAndKeepsTheValidPrefix() throws IOException {
        long seed = System.nanoTime();
        System.out.println("CommitLogTest.recoveryCutsAGarbledTailAndKeepsTheValidPrefix seed = " + seed);
        Random random = new Random(seed);
        CommitLog log = fresh(dir);
        List<Long> offsets = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            offsets.add(TestMessages.appendRecord(log, "T", ("m" + i).getBytes()));
            sizes.add(log.readRecord(offsets.get(i)).remaining());
        }
        log.flush();
        long end = log.writePosition();
        // flip bits of some bytes inside the body of a random record: the body CRC must catch it (fields
        // outside the body are not covered by any checksum in this format, exactly as in RocketMQ)
        int victim = 20 + random.nextInt(offsets.size() - 20);
        int bodyAt = io.kitemq.protocol.message.StoredMessageFormat.bodyLengthPosition(0) + 4;
        long garbleAt = offsets.get(victim) + bodyAt + random.nextInt(("m" + victim).length());
        Segment s = log.segmentAt(garbleAt);
        try (RandomAccessFile f = new RandomAccessFile(s.file().path().toFile(), "rw")) {
            int n = (int)
                    Math.min(1 + random.nextInt(16), offsets.get(victim) + bodyAt + ("m" + victim).length() - garbleAt);
            for (int i = 0; i < n; i++) {
                f.seek(garbleAt - s.base() + i);
                int old = f.read();
                f.seek(garbleAt - s.base() + i);
                f.write(old ^ (1 + random.nextInt(255)));
            }
        }
        CommitLog reopened = open();
        CommitLogRecovery.Result r = CommitLogRecovery.recover(reopened, 0);
        // every record that ends before the garbled byte survives
        int survivors = 0;
        for (int i = 0; i < offsets.size(); i++) {
            long off = offsets.get(i);
            if (off + sizes.get(i) <= garbleAt) {
                survivors++;
                assertThat(off).isLessThan(r.validEnd());
                MessageExt m = StoredMessageCodec.decode(reopened.readRecord(off), true, false);
                assertThat(new String(m.getBody())).isEqualTo("m" + i);
            }
        }
        assertThat(survivors).isEqualTo(victim);
        assertThat(r.validEnd()).isEqualTo(offsets.get(victim));
        // the cut tail reads as nothing and appends continue cleanly after it
        long next = TestMessages.appendRecord(reopened, "T", "after".getBytes());
        assertThat(next).isGreaterThanOrEqualTo(r.validEnd());
        assertThat(new String(StoredMessageCodec.decode(reopened.readRecord(next), true, false)
                        .getBody()))
                .isEqualTo("after");
        CommitLog again = open();
        assertThat(CommitLogRecovery.recover(again, 0).validEnd()).isEqualTo(reopened.writePosition());
    }

    @Test
    void recoveryTruncatesATruncatedSegmentFile() throws IOException {
        long seed = System.nanoTime();
        System.out.println("CommitLogTest.recoveryTruncatesATruncatedSegmentFile seed = " + seed);
        Random random = new Random(seed);
        CommitLog log = fresh(dir);
        for (int i = 0; i < 30; i++) {
            TestMessages.appendRecord(log, "T", new byte[50]);
        }
        log.flush();
        Segment last = log.segmentAt(log.writePosition() - 1);
        int cutTo = random.nextInt((int) (log.writePosition() - last.base()));
        try (RandomAccessFile f = new RandomAccessFile(last.file().path().toFile(), "rw")) {
            f.setLength(cutTo);
        }
        CommitLog reopened = open();
        CommitLogRecovery.Result r = CommitLogRecovery.recover(reopened, 0);
        assertThat(r.validEnd()).isLessThanOrEqualTo(last.base() + cutTo).isGreaterThanOrEqualTo(last.base());
        long next = TestMessages.appendRecord(reopened, "T", "after".getBytes());
        assertThat(next).isEqualTo(r.validEnd());
        assertThat(Files.size(reopened.segmentAt(next).file().path())).isEqualTo(SEGMENT);
        assertThat(CommitLogRecovery.recover(open(), 0).validEnd()).isEqualTo(reopened.writePosition());
    }

    @Test
    void recoveryCatchesAPropertiesFieldWhoseTailWasCutToZeros() throws IOException {
        // the record's last bytes are its properties "p\u0001v\u0002"; a cut that zeroes some of them can leave
        // bytes that decode to no properties at all (seed 47481235964687 of the random test above found it)
        for (int lost = 1; lost <= 4; lost++) {
            Path sub = dir.resolve("lost-" + lost);
            Files.createDirectories(sub);
            CommitLog log = CommitLog.open(sub, SEGMENT);
            opened.add(log);
            log.setWritePosition(0);
            for (int i = 0; i < 30; i++) {
                TestMessages.appendRecord(log, "T", new byte[50]);
            }
            log.flush();
            Segment last = log.segmentAt(log.writePosition() - 1);
            int firstSize = log.readRecord(last.base()).remaining();
            try (RandomAccessFile f = new RandomAccessFile(last.file().path().toFile(), "rw")) {
                f.setLength(firstSize - lost);
            }
            CommitLog reopened = CommitLog.open(sub, SEGMENT);
            opened.add(reopened);
            CommitLogRecovery.Result r = CommitLogRecovery.recover(reopened, 0);
            assertThat(r.validEnd()).as("%d bytes of properties lost", lost).isEqualTo(last.base());
            assertThat(r.stopReason()).contains("truncated properties");
        }
    }

    @Test
    void recoveryDeletesSegmentsPastTheValidEnd() {
        CommitLog log = fresh(dir);
        while (log.segments().size() < 4) {
            TestMessages.appendRecord(log, "T", new byte[200]);
        }
        log.flush();
        // zero the start of the second segment: everything from there on is lost
        Segment second = log.segments().get(1);
        second.file().write(0, new byte[64], 0, 64);
        CommitLog reopened = open();
        CommitLogRecovery.Result r = CommitLogRecovery.recover(reopened, 0);
        assertThat(r.validEnd()).isEqualTo(second.base());
        assertThat(reopened.segments()).hasSize(1);
    }
}
