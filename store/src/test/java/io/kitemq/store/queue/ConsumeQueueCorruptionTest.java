package io.kitemq.store.queue;

import static io.kitemq.store.queue.ConsumeQueueFormat.ENTRY_BYTES;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage the files of a closed queue (garbage over the tail, a truncated or empty file, a missing one),
 * reopen: the valid prefix survives, the rest is cut, and appending from the new end works. Each test
 * prints its seed; rerun one with {@code -Dkitemq.seed=<seed>}.
 */
class ConsumeQueueCorruptionTest {

    private static final int CAP = 8;
    private static final int SEGMENT_BYTES = CAP * ENTRY_BYTES;

    @TempDir
    Path dir;

    static long seed(String test) {
        String fixed = System.getProperty("kitemq.seed");
        long seed = fixed != null ? Long.parseLong(fixed) : new Random().nextLong();
        System.out.println(test + " seed=" + seed);
        return seed;
    }

    static long phy(long i) {
        return i * 100;
    }

    ConsumeQueue open(Path queueDir) {
        return ConsumeQueue.open(queueDir, "TopicTest", 0, CAP);
    }

    /** A closed queue of n entries, record i at phy(i), 100 bytes, tag i. */
    ConsumeQueue written(Path queueDir, int n) {
        ConsumeQueue q = open(queueDir);
        for (int i = 0; i < n; i++) {
            assertThat(q.put(i, phy(i), 100, i)).isTrue();
        }
        q.close();
        return q;
    }

    static Path segment(Path queueDir, long firstOffset) {
        return queueDir.resolve(ConsumeQueueFormat.fileName(firstOffset));
    }

    /** Every entry below {@code to} reads back as written. */
    static void assertPrefix(ConsumeQueue q, long to, String context) {
        ConsumeQueueEntries batch = new ConsumeQueueEntries(1);
        for (long i = 0; i < to; i++) {
            assertThat(q.read(i, 1, batch)).as("%s: entry %d", context, i).isEqualTo(1);
            assertThat(batch.commitLogOffset(0)).as("%s: entry %d", context, i).isEqualTo(phy(i));
            assertThat(batch.size(0)).isEqualTo(100);
            assertThat(batch.tagHash(0)).isEqualTo(i);
        }
    }

    /** What the store does after a crash: verify entries from {@code from} against the CommitLog. */
    static void cutAtFirstMismatch(ConsumeQueue q, long from) {
        ConsumeQueueEntries batch = new ConsumeQueueEntries(1);
        for (long i = from; i < q.maxOffset(); i++) {
            q.read(i, 1, batch);
            if (batch.commitLogOffset(0) != phy(i) || batch.size(0) != 100 || batch.tagHash(0) != i) {
                q.truncateAfterCommitLog(batch.commitLogOffset(0));
                assertThat(q.maxOffset()).isEqualTo(i);
                return;
            }
        }
    }

    /** The cut is clean: appending from the new end and reopening again keeps every entry. */
    void assertAppendsAfterRecovery(Path queueDir, ConsumeQueue q, long intact, String context) {
        long end = q.maxOffset();
        for (long i = end; i < end + 2 * CAP + 3; i++) {
            assertThat(q.put(i, phy(i), 100, i)).as(context).isTrue();
        }
        long max = q.maxOffset();
        // crash-like reopen (no close): what the mapping holds is what the next process sees
        ConsumeQueue again = open(queueDir);
        assertThat(again.maxOffset()).as(context).isEqualTo(max);
        assertThat(again.bytesCutAtOpen()).as(context).isZero();
        assertPrefix(again, intact, context);
        ConsumeQueueEntries batch = new ConsumeQueueEntries(64);
        assertThat(again.read(end, 64, batch)).as(context).isEqualTo((int) (max - end));
        for (int i = 0; i < batch.count(); i++) {
            assertThat(batch.commitLogOffset(i)).as(context).isEqualTo(phy(end + i));
            assertThat(batch.tagHash(i)).as(context).isEqualTo(end + i);
        }
    }

    @Test
    void garbageOverTheTail() throws IOException {
        long seed = seed("garbageOverTheTail");
        Random random = new Random(seed);
        for (int round = 0; round < 40; round++) {
            String context = "seed " + seed + " round " + round;
            Path queueDir = dir.resolve("g" + round);
            int n = 3 * CAP + random.nextInt(5 * CAP);
            written(queueDir, n);
            // garble [from, from + length) in the last two segments' bytes, possibly past the data
            long lastBase = (n - 1) / CAP * CAP;
            long firstGarbled = Math.max(0, lastBase - CAP) * ENTRY_BYTES;
            long from = firstGarbled + random.nextInt((int) (n * ENTRY_BYTES - firstGarbled));
            int length = 1 + random.nextInt(3 * SEGMENT_BYTES);
            byte[] garbage = new byte[length];
            random.nextBytes(garbage);
            long to = Math.min(from + length, (lastBase + CAP) * ENTRY_BYTES);
            for (long pos = from; pos < to; pos++) {
                Path file = segment(queueDir, pos / SEGMENT_BYTES * CAP);
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.write(ByteBuffer.wrap(garbage, (int) (pos - from), 1), pos % SEGMENT_BYTES);
                }
            }

            ConsumeQueue q = open(queueDir);
            long intact = from / ENTRY_BYTES;
            assertThat(q.maxOffset()).as(context).isGreaterThanOrEqualTo(intact);
            assertPrefix(q, intact, context);
            // what the store does next: the CommitLog ends at phy(n); nothing may point past it
            q.truncateAfterCommitLog(phy(n));
            assertThat(q.maxCommitLogEnd()).as(context).isLessThanOrEqualTo(phy(n));
            assertThat(q.maxOffset()).as(context).isBetween(intact, (long) n);
            // a partly overwritten entry can keep plausible fields (say, a small size): only the CommitLog
            // can tell. The store checks the tail entries against their records and cuts at the first
            // that does not match, as here
            cutAtFirstMismatch(q, intact);
            assertAppendsAfterRecovery(queueDir, q, intact, context);
        }
    }

    @Test
    void truncatedLastFile() throws IOException {
        long seed = seed("truncatedLastFile");
        Random random = new Random(seed);
        for (int round = 0; round < 40; round++) {
            String context = "seed " + seed + " round " + round;
            Path queueDir = dir.resolve("t" + round);
            int n = CAP + 1 + random.nextInt(4 * CAP);
            written(queueDir, n);
            long lastBase = (n - 1) / CAP * CAP;
            int keepBytes = random.nextInt(SEGMENT_BYTES);
            try (FileChannel ch = FileChannel.open(segment(queueDir, lastBase), StandardOpenOption.WRITE)) {
                ch.truncate(keepBytes);
            }

            ConsumeQueue q = open(queueDir);
            long intact = Math.min(n, lastBase + keepBytes / ENTRY_BYTES);
            // an entry cut inside its tag still looks whole (its tag partly zero): at most one more
            assertThat(q.maxOffset()).as(context).isBetween(intact, Math.min(n, intact + 1));
            assertPrefix(q, intact, context);
            assertThat(Files.size(segment(queueDir, lastBase)))
                    .as("extended back")
                    .isEqualTo(SEGMENT_BYTES);
            cutAtFirstMismatch(q, intact);
            assertAppendsAfterRecovery(queueDir, q, intact, context);
        }
    }

    @Test
    void zeroLengthFiles() throws IOException {
        long seed = seed("zeroLengthFiles");
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            String context = "seed " + seed + " round " + round;
            Path queueDir = dir.resolve("z" + round);
            int segments = 2 + random.nextInt(6);
            int n = (segments - 1) * CAP + 1 + random.nextInt(CAP);
            written(queueDir, n);
            int emptied = random.nextInt(segments); // any one, also an old, trusted one
            try (FileChannel ch = FileChannel.open(segment(queueDir, (long) emptied * CAP), StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }

            ConsumeQueue q = open(queueDir);
            long intact = (long) emptied * CAP;
            assertThat(q.maxOffset()).as(context).isEqualTo(intact);
            assertPrefix(q, intact, context);
            for (int s = emptied + 1; s < segments; s++) {
                assertThat(segment(queueDir, (long) s * CAP)).as(context).doesNotExist();
            }
            if (emptied == segments - 1) {
                assertThat(q.bytesCutAtOpen())
                        .as("an empty last file reads as zeros")
                        .isZero();
            } else {
                assertThat(q.bytesCutAtOpen()).as(context).isPositive();
            }
            assertAppendsAfterRecovery(queueDir, q, intact, context);
        }
    }

    @Test
    void missingMiddleSegmentDropsWhatFollowsIt() throws IOException {
        written(dir, 5 * CAP);
        Files.delete(segment(dir, 2 * CAP));
        Files.writeString(dir.resolve("notes.txt"), "foreign file, left alone");

        ConsumeQueue q = open(dir);
        assertThat(q.maxOffset()).isEqualTo(2 * CAP);
        assertThat(q.bytesCutAtOpen()).isEqualTo(2L * SEGMENT_BYTES);
        assertPrefix(q, 2 * CAP, "missing middle");
        assertThat(segment(dir, 3 * CAP)).doesNotExist();
        assertThat(dir.resolve("notes.txt")).exists();
        assertAppendsAfterRecovery(dir, q, 2 * CAP, "missing middle");
    }

    @Test
    void tornBlankFillIsCut() {
        ConsumeQueue q = open(dir);
        for (int i = 0; i < 3; i++) {
            q.put(i, phy(i), 100, i);
        }
        // a crash in the middle of a gap fill leaves blanks that no real entry follows
        ConsumeQueueSegment seg = ConsumeQueueSegment.open(dir, 0, CAP);
        seg.writeBlank(3);
        seg.writeBlank(4);
        ConsumeQueue reopened = open(dir);
        assertThat(reopened.maxOffset()).isEqualTo(3);
        assertThat(reopened.bytesCutAtOpen()).isEqualTo(2L * ENTRY_BYTES);
        assertThat(reopened.maxCommitLogEnd()).isEqualTo(phy(3));
        assertAppendsAfterRecovery(dir, reopened, 3, "torn blank fill");
    }
}
