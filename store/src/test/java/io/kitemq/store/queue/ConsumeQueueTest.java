package io.kitemq.store.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongBinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumeQueueTest {

    @TempDir
    Path dir;

    /** Record i of the test CommitLog: 100 bytes at i * 100. */
    static long phy(long i) {
        return i * 100;
    }

    static ConsumeQueue open(Path dir, int entriesPerSegment) {
        return ConsumeQueue.open(dir, "TopicTest", 0, entriesPerSegment);
    }

    static void putRange(ConsumeQueue q, long from, long to) {
        for (long i = from; i < to; i++) {
            assertThat(q.put(i, phy(i), 100, i * 31)).isTrue();
        }
    }

    /** Reads [from, to) in chunks and checks every entry against the putRange formula. */
    static void assertEntries(ConsumeQueue q, long from, long to) {
        ConsumeQueueEntries batch = new ConsumeQueueEntries(7);
        long offset = from;
        while (offset < to) {
            int n = q.read(offset, 7, batch);
            assertThat(n).as("entries at %d", offset).isEqualTo((int) Math.min(7, to - offset));
            for (int i = 0; i < n; i++) {
                long expected = offset + i;
                assertThat(batch.queueOffset(i)).isEqualTo(expected);
                assertThat(batch.commitLogOffset(i)).isEqualTo(phy(expected));
                assertThat(batch.size(i)).isEqualTo(100);
                assertThat(batch.tagHash(i)).isEqualTo(expected * 31);
            }
            offset = batch.nextOffset();
        }
    }

    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void putAndReadAcrossManySegmentRolls() throws IOException {
        ConsumeQueue q = open(dir, 4);
        assertThat(q.maxCommitLogEnd()).isEqualTo(-1);
        assertThat(q.lastCommitLogOffset()).isEqualTo(-1);
        putRange(q, 0, 101);

        assertThat(q.minOffset()).isZero();
        assertThat(q.maxOffset()).isEqualTo(101);
        assertThat(q.maxCommitLogEnd()).isEqualTo(phy(101));
        assertThat(q.lastCommitLogOffset()).isEqualTo(phy(100));
        List<String> names = files(dir);
        assertThat(names).hasSize(26).startsWith("00000000000000000000", "00000000000000000080");
        assertThat(names.get(25)).isEqualTo(ConsumeQueueFormat.fileName(100)).isEqualTo("00000000000000002000");
        assertThat(Files.size(dir.resolve(names.get(0)))).isEqualTo(4 * ConsumeQueueFormat.ENTRY_BYTES);
        assertEntries(q, 0, 101);
        assertEntries(q, 37, 101);

        ConsumeQueueEntries batch = new ConsumeQueueEntries(32);
        assertThat(q.read(101, 32, batch)).isZero();
        assertThat(batch.nextOffset()).isEqualTo(101);
        assertThat(q.read(500, 32, batch)).isZero();
        assertThat(q.read(-1, 32, batch)).isZero();
        assertThat(q.read(99, 32, batch)).isEqualTo(2);
        assertThat(batch.nextOffset()).isEqualTo(101);
        assertThat(q.read(0, 0, batch)).isZero();
        // maxEntries is capped by the batch's capacity
        assertThat(q.read(0, 1000, batch)).isEqualTo(32);
        assertThatThrownBy(() -> batch.size(32)).isInstanceOf(IndexOutOfBoundsException.class);
        q.close();
    }

    @Test
    void reopenAfterCleanCloseThenAppend() {
        ConsumeQueue q = open(dir, 5);
        putRange(q, 0, 23);
        q.flush();
        q.close();
        assertThat(q.put(23, phy(23), 100, 0)).as("put after close").isFalse();

        ConsumeQueue reopened = open(dir, 5);
        assertThat(reopened.bytesCutAtOpen()).isZero();
        assertThat(reopened.minOffset()).isZero();
        assertThat(reopened.maxOffset()).isEqualTo(23);
        assertThat(reopened.maxCommitLogEnd()).isEqualTo(phy(23));
        assertEntries(reopened, 0, 23);
        putRange(reopened, 23, 40);
        reopened.close();
        assertEntries(open(dir, 5), 0, 40);
    }

    @Test
    void reopenAtExactSegmentBoundaryWithoutNextFile() {
        ConsumeQueue q = open(dir, 4);
        putRange(q, 0, 8);
        q.close();
        ConsumeQueue reopened = open(dir, 4);
        assertThat(reopened.maxOffset()).isEqualTo(8);
        putRange(reopened, 8, 9);
        assertEntries(reopened, 0, 9);
    }

    @Test
    void rePutIsIdempotentAndADifferentEntryIsRefused() {
        ConsumeQueue q = open(dir, 4);
        putRange(q, 0, 10);
        assertThat(q.put(5, phy(5), 100, 5 * 31)).isTrue();
        assertThat(q.put(9, phy(9), 100, 9 * 31)).isTrue();
        assertThat(q.put(5, phy(5), 100, 7)).as("same offset, other tag").isFalse();
        assertThat(q.put(5, phy(6), 100, 5 * 31)).isFalse();
        assertThat(q.maxOffset()).isEqualTo(10);
        assertEntries(q, 0, 10);
    }

    @Test
    void putRefusesARecordThatGoesBackInTheCommitLog() {
        ConsumeQueue q = open(dir, 4);
        putRange(q, 0, 3);
        assertThat(q.put(3, phy(2) + 50, 100, 0)).isFalse();
        assertThat(q.maxOffset()).isEqualTo(3);
        assertThat(q.put(3, phy(3), 100, 3 * 31)).isTrue();
        assertThatThrownBy(() -> q.put(4, -1, 100, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> q.put(4, 500, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> q.put(4, 500, Integer.MAX_VALUE, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> q.put(-1, 500, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gapIsFilledWithBlanksThatReadersSkip() throws IOException {
        ConsumeQueue q = open(dir, 4);
        putRange(q, 0, 3);
        assertThat(q.put(13, phy(13), 100, 13 * 31)).isTrue(); // blanks 3..12 across three segments
        assertThat(q.maxOffset()).isEqualTo(14);
        assertThat(files(dir)).hasSize(4);

        ConsumeQueueEntries batch = new ConsumeQueueEntries(32);
        assertThat(q.read(0, 32, batch)).isEqualTo(4);
        assertThat(batch.queueOffset(3)).isEqualTo(13);
        assertThat(batch.nextOffset()).isEqualTo(14);
        assertThat(q.read(3, 4, batch)).as("only blanks examined").isZero();
        assertThat(batch.nextOffset()).isEqualTo(7);
        assertThat(q.put(5, phy(5), 100, 0)).as("a blank is not overwritten").isFalse();

        q.close();
        ConsumeQueue reopened = open(dir, 4);
        assertThat(reopened.maxOffset()).isEqualTo(14);
        assertThat(reopened.minOffset()).isZero();
        assertThat(reopened.read(2, 32, batch)).isEqualTo(2);
        assertThat(batch.queueOffset(0)).isEqualTo(2);
        assertThat(batch.queueOffset(1)).isEqualTo(13);
    }

    @Test
    void firstPutPastZeroStartsInItsSegmentWithLeadingBlanks() throws IOException {
        ConsumeQueue q = open(dir, 4);
        assertThat(q.put(10, phy(10), 100, 10 * 31)).isTrue();
        assertThat(files(dir)).containsExactly("00000000000000000160"); // offsets 8..11
        assertThat(q.minOffset()).isEqualTo(10);
        assertThat(q.maxOffset()).isEqualTo(11);
        putRange(q, 11, 20);
        assertEntries(q, 10, 20);
        ConsumeQueueEntries batch = new ConsumeQueueEntries(4);
        assertThat(q.read(9, 4, batch)).as("below min").isZero();
        q.close();

        ConsumeQueue reopened = open(dir, 4);
        assertThat(reopened.minOffset()).as("leading blanks skipped at open").isEqualTo(10);
        assertThat(reopened.maxOffset()).isEqualTo(20);
        assertEntries(reopened, 10, 20);
    }

    @Test
    void truncateAfterCommitLogDropsEntriesPastTheCut() throws IOException {
        ConsumeQueue q = open(dir, 4);
        putRange(q, 0, 20);
        // the CommitLog kept records 0..9 and half of 10
        assertThat(q.truncateAfterCommitLog(phy(10) + 50)).isEqualTo(10);
        assertThat(q.maxOffset()).isEqualTo(10);
        assertThat(q.maxCommitLogEnd()).isEqualTo(phy(10));
        assertThat(files(dir)).hasSize(3); // 0..3, 4..7, 8..11 (8, 9 kept)
        assertThat(q.truncateAfterCommitLog(phy(10))).as("nothing more to cut").isZero();
        assertEntries(q, 0, 10);
        // re-dispatch of a different record 10 is accepted at the cut
        assertThat(q.put(10, phy(10) + 7, 100, 1)).isTrue();
        q.close();

        ConsumeQueue reopened = open(dir, 4);
        assertThat(reopened.maxOffset()).isEqualTo(11);
        assertThat(reopened.bytesCutAtOpen())
                .as("truncation left zeros, not garbage")
                .isZero();
        assertThat(reopened.truncateAfterCommitLog(0)).isEqualTo(11);
        assertThat(reopened.isEmpty()).isTrue();
        assertThat(reopened.maxOffset()).isZero();
        assertThat(reopened.maxCommitLogEnd()).isEqualTo(-1);
        putRange(reopened, 0, 2);
        assertEntries(reopened, 0, 2);
    }

    @Test
    void truncateAlsoDropsBlanksThatWouldTrail() {
        ConsumeQueue q = open(dir, 4);
        putRange(q, 0, 2);
        q.put(9, phy(9), 100, 9 * 31);
        assertThat(q.truncateAfterCommitLog(phy(5))).isEqualTo(8);
        assertThat(q.maxOffset()).isEqualTo(2);
        assertThat(q.maxCommitLogEnd()).isEqualTo(phy(2));
    }

    @Test
    void deleteBeforeDropsWholeSegmentsAndAdvancesMinOffset() throws IOException {
        ConsumeQueue q = open(dir, 4);
        putRange(q, 0, 20);
        // records below 650 are gone: segment 0..3 ends at 400, segment 4..7 at 800
        assertThat(q.deleteBefore(650)).isEqualTo(1);
        assertThat(files(dir)).hasSize(4).doesNotContain("00000000000000000000");
        assertThat(q.minOffset()).isEqualTo(7); // phy 700 is the first at or above 650
        ConsumeQueueEntries batch = new ConsumeQueueEntries(8);
        assertThat(q.read(5, 8, batch)).isZero();
        assertThat(q.read(2, 8, batch)).isZero();
        assertEntries(q, 7, 20);

        assertThat(q.deleteBefore(650)).as("idempotent").isZero();
        assertThat(q.minOffset()).isEqualTo(7);

        // everything gone: all but the last segment deleted, the queue is empty but keeps its offsets
        assertThat(q.deleteBefore(phy(1000))).isEqualTo(3);
        assertThat(files(dir)).containsExactly(ConsumeQueueFormat.fileName(16));
        assertThat(q.minOffset()).isEqualTo(20);
        assertThat(q.maxOffset()).isEqualTo(20);
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.put(3, phy(3), 100, 0)).as("retired offset").isTrue();
        putRange(q, 20, 22);
        assertThat(q.minOffset()).isEqualTo(20);
        assertEntries(q, 20, 22);
        q.close();

        ConsumeQueue reopened = open(dir, 4);
        assertThat(reopened.minOffset())
                .as("min offset is not persisted: first stored entry")
                .isEqualTo(16);
        reopened.deleteBefore(phy(20));
        assertThat(reopened.minOffset()).isEqualTo(20);
    }

    @Test
    void deleteBeforeSkipsBlanksAtTheFront() {
        ConsumeQueue q = open(dir, 4);
        putRange(q, 0, 2);
        q.put(9, phy(9), 100, 9 * 31); // blanks 2..8
        // 0..3: last real record ends at 200; 4..7 holds only blanks
        assertThat(q.deleteBefore(phy(2))).isEqualTo(2);
        assertThat(q.minOffset()).isEqualTo(9);
        assertEntries(q, 9, 10);
    }

    @Test
    void destroyDeletesEverything() throws IOException {
        Path queueDir = dir.resolve("TopicTest").resolve("0");
        ConsumeQueue q = ConsumeQueue.open(queueDir, "TopicTest", 0, 4);
        assertThat(queueDir).doesNotExist();
        putRange(q, 0, 9);
        assertThat(files(queueDir)).hasSize(3);
        q.destroy();
        assertThat(queueDir).doesNotExist();
        assertThat(q.put(9, phy(9), 100, 0)).isFalse();
        assertThat(ConsumeQueue.open(queueDir, "TopicTest", 0, 4).maxOffset()).isZero();
    }

    @Test
    void openRefusesFilesWrittenWithAnotherSegmentLength() {
        ConsumeQueue q = open(dir, 4);
        putRange(q, 0, 9);
        q.close();
        assertThatThrownBy(() -> open(dir, 3)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> open(dir, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- offsetForTimestamp ----

    /** Store time of record i (at phy(i)) = times[i]. */
    static LongBinaryOperator storeTimes(long... times) {
        return (phy, size) -> times[(int) (phy / 100)];
    }

    @Test
    void offsetForTimestampBothBoundaries() {
        ConsumeQueue q = open(dir, 3);
        LongBinaryOperator times = storeTimes(10, 10, 20, 20, 20, 30, 40, 40);
        putRange(q, 0, 8);

        // exact hits with duplicates: first / last of the run
        assertThat(q.offsetForTimestamp(20, false, times)).isEqualTo(2);
        assertThat(q.offsetForTimestamp(20, true, times)).isEqualTo(4);
        assertThat(q.offsetForTimestamp(10, false, times)).isEqualTo(0);
        assertThat(q.offsetForTimestamp(10, true, times)).isEqualTo(1);
        assertThat(q.offsetForTimestamp(40, false, times)).isEqualTo(6);
        assertThat(q.offsetForTimestamp(40, true, times)).isEqualTo(7);
        // between two times: lower = first newer, upper = last older
        assertThat(q.offsetForTimestamp(25, false, times)).isEqualTo(5);
        assertThat(q.offsetForTimestamp(25, true, times)).isEqualTo(4);
        // all older: lower = max offset, upper = last
        assertThat(q.offsetForTimestamp(45, false, times)).isEqualTo(8);
        assertThat(q.offsetForTimestamp(45, true, times)).isEqualTo(7);
        // all newer: lower = min offset, upper = 0 (RocketMQ)
        assertThat(q.offsetForTimestamp(5, false, times)).isEqualTo(0);
        assertThat(q.offsetForTimestamp(5, true, times)).isEqualTo(0);
    }

    @Test
    void offsetForTimestampOnEmptyRetiredAndBlankQueues() {
        ConsumeQueue q = open(dir, 3);
        LongBinaryOperator times = storeTimes(10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120);
        assertThat(q.offsetForTimestamp(50, false, times)).isZero();
        assertThat(q.offsetForTimestamp(50, true, times)).isZero();

        putRange(q, 0, 6);
        q.deleteBefore(phy(4));
        assertThat(q.minOffset()).isEqualTo(4);
        assertThat(q.offsetForTimestamp(5, false, times)).isEqualTo(4);
        assertThat(q.offsetForTimestamp(5, true, times)).isEqualTo(0);
        assertThat(q.offsetForTimestamp(55, true, times)).isEqualTo(4);

        // blanks 6..9: lower lands on the next real entry, upper on the last real one before
        q.put(10, phy(10), 100, 0);
        assertThat(q.offsetForTimestamp(70, false, times)).isEqualTo(10);
        assertThat(q.offsetForTimestamp(70, true, times)).isEqualTo(5);
        assertThat(q.offsetForTimestamp(110, true, times)).isEqualTo(10);
        // a record the CommitLog no longer has counts as older
        LongBinaryOperator gone = (phy, size) -> phy < phy(5) ? -1 : times.applyAsLong(phy, size);
        assertThat(q.offsetForTimestamp(0, false, gone)).isEqualTo(5);
    }

    @Test
    void offsetForTimestampMatchesALinearScan() {
        long seed = new Random().nextLong();
        System.out.println("offsetForTimestampMatchesALinearScan seed=" + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 30; round++) {
            Path roundDir = dir.resolve("r" + round);
            ConsumeQueue q = open(roundDir, 1 + random.nextInt(6));
            int n = 1 + random.nextInt(40);
            long[] times = new long[n];
            List<Long> offsets = new ArrayList<>();
            long t = random.nextInt(5);
            long offset = 0;
            for (int i = 0; i < n; i++) {
                t += random.nextInt(3);
                times[i] = t;
                offset += random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0; // some gaps
                assertThat(q.put(offset, phy(i), 100, 0)).isTrue();
                offsets.add(offset);
                offset++;
            }
            LongBinaryOperator storeTime = storeTimes(times);
            for (long ts = -1; ts <= t + 1; ts++) {
                long lower = offsets.get(offsets.size() - 1) + 1;
                long upper = 0;
                for (int i = n - 1; i >= 0; i--) {
                    if (times[i] >= ts) {
                        lower = offsets.get(i);
                    }
                }
                for (int i = 0; i < n; i++) {
                    if (times[i] <= ts) {
                        upper = offsets.get(i);
                    }
                }
                assertThat(q.offsetForTimestamp(ts, false, storeTime))
                        .as("seed %d round %d lower %d", seed, round, ts)
                        .isEqualTo(lower);
                assertThat(q.offsetForTimestamp(ts, true, storeTime))
                        .as("seed %d round %d upper %d", seed, round, ts)
                        .isEqualTo(upper);
            }
        }
    }
}
