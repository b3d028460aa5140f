package io.kitemq.store.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Garbles one index file of a closed index, reopens it, re-dispatches from the offset it reports and
 * checks the answers. Seeds are printed; rerun one with {@code -Dkitemq.seed=N}, or more with
 * {@code -Dkitemq.rounds=N}.
 */
class IndexCorruptionTest {

    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2024-03-01T00:00:00Z"));
    private static final int SLOTS = 7;
    private static final int ENTRIES = 16;
    private static final int ROUNDS = 25;

    enum Damage {
        /** Random bytes from a random offset to the end of the file: the valid prefix survives. */
        TAIL_GARBAGE,
        /** The file cut short at a random length. */
        TRUNCATED,
        /** Random bytes over the whole 40-byte header. */
        HEADER_GARBAGE,
        /**
         * Random bytes over a random range. Without checksums a few changes look valid (a key hash or an
         * offset that still fits its chain), so only answers outside the damaged file are checked exactly.
         */
        RANGE_GARBAGE
    }

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Damage.class)
    void reopenNeverThrowsOrLoopsAndReindexingFromTheReportedOffsetRestoresAnswers(Damage damage) throws IOException {
        long base = Long.getLong("kitemq.seed", System.nanoTime());
        System.out.println("IndexCorruptionTest " + damage + " seed=" + base);
        int rounds = System.getProperty("kitemq.seed") == null ? Integer.getInteger("kitemq.rounds", ROUNDS) : 1;
        for (int round = 0; round < rounds; round++) {
            runRound(damage, base + round);
        }
    }

    private void runRound(Damage damage, long seed) throws IOException {
        Random rnd = new Random(seed);
        Path dir = tmp.resolve("r" + seed);
        IndexedMessages log = IndexedMessages.random(rnd, 120, 10);
        IndexService index = IndexService.open(dir, SLOTS, ENTRIES, CLOCK);
        log.putAll(index, 0);
        List<IndexFile> before = index.files();
        index.close();

        IndexFile victim = before.get(rnd.nextInt(before.size()));
        String what = damage(victim.path(), damage, rnd);
        String as = "seed " + seed + ": " + what + " in " + victim + " of " + before.size() + " files";

        IndexService reopened = assertTimeoutPreemptively(
                Duration.ofSeconds(60), () -> IndexService.open(dir, SLOTS, ENTRIES, CLOCK), as);
        long from = reopened.maxPhyOffset();
        assertThat(from).as(as).isLessThan(log.lastIndexedOffset());
        for (IndexFile f : reopened.files()) {
            assertThat(f.endPhyOffset()).as(as).isLessThanOrEqualTo(from);
        }
        assertThat(filesOnDisk(dir)).as(as).isEqualTo(reopened.files().size());
        log.putAll(reopened, from);

        assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> {
                    for (String[] q : log.queries()) {
                        List<Long> got = reopened.query(q[0], q[1], 1000, Long.MIN_VALUE, Long.MAX_VALUE);
                        for (int i = 1; i < got.size(); i++) {
                            assertThat(got.get(i)).as(as).isLessThan(got.get(i - 1));
                        }
                        List<Long> expected = log.expected(q[0], q[1]);
                        if (damage == Damage.RANGE_GARBAGE) {
                            got = outside(got, victim);
                            expected = outside(expected, victim);
                        }
                        assertThat(got).as("%s: %s#%s", as, q[0], q[1]).isEqualTo(expected);
                    }
                },
                as);
        reopened.close();
    }

    private static List<Long> outside(List<Long> offsets, IndexFile f) {
        List<Long> out = new ArrayList<>();
        for (long o : offsets) {
            if (o < f.beginPhyOffset() || o > f.endPhyOffset()) {
                out.add(o);
            }
        }
        return out;
    }

    private static String damage(Path file, Damage damage, Random rnd) throws IOException {
        int size = (int) Files.size(file);
        switch (damage) {
            case TAIL_GARBAGE -> {
                int at = rnd.nextInt(size);
                garble(file, at, size - at, rnd);
                return "garbage over [" + at + ", " + size + ")";
            }
            case TRUNCATED -> {
                int length = rnd.nextInt(size);
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(length);
                }
                return "truncated to " + length + " bytes";
            }
            case HEADER_GARBAGE -> {
                garble(file, 0, IndexFormat.HEADER_SIZE, rnd);
                return "header garbage";
            }
            case RANGE_GARBAGE -> {
                int length = 1 + rnd.nextInt(200);
                int at = rnd.nextInt(size - length);
                garble(file, at, length, rnd);
                return "garbage over [" + at + ", " + (at + length) + ")";
            }
            default -> throw new IllegalArgumentException(damage.toString());
        }
    }

    private static void garble(Path file, int at, int length, Random rnd) throws IOException {
        byte[] junk = new byte[length];
        rnd.nextBytes(junk);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(junk), at);
        }
    }

    private static long filesOnDisk(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
