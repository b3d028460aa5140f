package io.kitemq.store.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexFileTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private static List<Long> query(IndexFile f, String key, int maxNum, long begin, long end) {
        List<Long> out = new ArrayList<>();
        f.query(key, begin, end, maxNum, out);
        return out;
    }

    private static List<Long> query(IndexFile f, String key) {
        return query(f, key, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Test
    void keyHashIsRocketMqs() {
        assertThat("polygenelubricants".hashCode()).isEqualTo(Integer.MIN_VALUE);
        assertThat(IndexKey.hash("polygenelubricants")).isZero();
        assertThat(IndexKey.hash("abc")).isEqualTo(Math.abs("abc".hashCode()));
        assertThat(IndexKey.hash("TopicTest", "order-42")).isEqualTo(IndexKey.hash("TopicTest#order-42"));
        assertThat(IndexKey.hash("T", "a b c", 2, 3)).isEqualTo(IndexKey.hash("T#b"));
        assertThat(IndexKey.of("T", "k")).isEqualTo("T#k");
    }

    @Test
    void newFileHasRocketMqLayoutAndHeader() throws IOException {
        IndexFile f = IndexFile.create(dir.resolve("f"), 10, 8);
        assertThat(Files.size(f.path())).isEqualTo(40 + 10 * 4 + 8 * 20);
        assertThat(f.isEmpty()).isTrue();
        assertThat(f.put("T#k", 500, T0)).isTrue();
        f.flush();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f.path()));
        assertThat(b.getLong(0)).isEqualTo(T0);
        assertThat(b.getLong(8)).isEqualTo(T0);
        assertThat(b.getLong(16)).isEqualTo(500);
        assertThat(b.getLong(24)).isEqualTo(500);
        assertThat(b.getInt(32)).isEqualTo(1); // hashSlotCount
        assertThat(b.getInt(36)).isEqualTo(2); // indexCount: next entry number
        int hash = IndexKey.hash("T#k");
        assertThat(b.getInt(40 + (hash % 10) * 4)).isEqualTo(1);
        int entry1 = 40 + 10 * 4 + 20;
        assertThat(b.getInt(entry1)).isEqualTo(hash);
        assertThat(b.getLong(entry1 + 4)).isEqualTo(500);
        assertThat(b.getInt(entry1 + 12)).isZero();
        assertThat(b.getInt(entry1 + 16)).isZero();
    }

    @Test
    void putAndQueryOneKey() {
        IndexFile f = IndexFile.create(dir.resolve("f"), 100, 100);
        f.put("T#a", 100, T0);
        assertThat(query(f, "T#a")).containsExactly(100L);
        assertThat(query(f, "T#b")).isEmpty();
        assertThat(f.entryCount()).isEqualTo(1);
        assertThat(f.beginPhyOffset()).isEqualTo(100);
        assertThat(f.endPhyOffset()).isEqualTo(100);
    }

    @Test
    void manyKeysThroughCollidingChainsNewestFirst() {
        IndexFile f = IndexFile.create(dir.resolve("f"), 3, 200); // 3 slots: every chain is shared
        for (int i = 0; i < 150; i++) {
            f.put("T#k" + (i % 10), 1000 + i * 10L, T0 + i * 1000L);
        }
        for (int k = 0; k < 10; k++) {
            List<Long> expected = new ArrayList<>();
            for (int i = 149; i >= 0; i--) {
                if (i % 10 == k) {
                    expected.add(1000 + i * 10L);
                }
            }
            assertThat(query(f, "T#k" + k)).as("k%d", k).isEqualTo(expected);
        }
    }

    @Test
    void sameHashKeysAreNotToldApart() {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        IndexFile f = IndexFile.create(dir.resolve("f"), 1, 10);
        f.put("Aa", 10, T0);
        f.put("BB", 20, T0);
        f.put("Ab", 30, T0);
        assertThat(query(f, "Aa")).containsExactly(20L, 10L);
        assertThat(query(f, "Ab")).containsExactly(30L);
    }

    @Test
    void duplicateOffsetsAreReportedOnce() {
        IndexFile f = IndexFile.create(dir.resolve("f"), 5, 20);
        f.put("T#a", 10, T0);
        f.put("T#a", 10, T0); // KEYS "a a"
        f.put("Aa", 20, T0);
        f.put("BB", 20, T0); // two keys of one message with the same hash
        f.put("T#a", 30, T0);
        assertThat(query(f, "T#a")).containsExactly(30L, 10L);
        assertThat(query(f, "BB")).containsExactly(20L);
    }

    @Test
    void timeRangeFiltersWithSecondPrecision() {
        IndexFile f = IndexFile.create(dir.resolve("f"), 7, 20);
        for (int i = 0; i < 10; i++) {
            f.put("T#a", 100 + i, T0 + i * 10_000L);
        }
        assertThat(query(f, "T#a", 100, T0 + 20_000, T0 + 40_000)).containsExactly(104L, 103L, 102L);
        assertThat(query(f, "T#a", 100, T0 + 20_001, T0 + 39_999)).containsExactly(103L);
        assertThat(query(f, "T#a", 100, T0 - 5_000, T0 - 1)).isEmpty();
        // a store time within a second is rounded down relative to the file's begin
        f.put("T#b", 200, T0 + 95_999);
        assertThat(query(f, "T#b", 100, T0 + 95_000, T0 + 95_000)).containsExactly(200L);
        assertThat(f.endTimestamp()).isEqualTo(T0 + 95_999);
        assertThat(f.overlaps(T0 + 95_999, T0 + 99_000)).isTrue();
        assertThat(f.overlaps(T0 + 96_000, T0 + 99_000)).isFalse();
    }

    @Test
    void maxNumStopsTheWalk() {
        IndexFile f = IndexFile.create(dir.resolve("f"), 7, 50);
        for (int i = 0; i < 40; i++) {
            f.put("T#a", i, T0);
        }
        assertThat(query(f, "T#a", 3, Long.MIN_VALUE, Long.MAX_VALUE)).containsExactly(39L, 38L, 37L);
        assertThat(query(f, "T#a", 0, Long.MIN_VALUE, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void fullFileRefusesPuts() {
        IndexFile f = IndexFile.create(dir.resolve("f"), 7, 4); // entry 0 is never used: 3 entries
        assertThat(f.put("a", 1, T0)).isTrue();
        assertThat(f.put("b", 2, T0)).isTrue();
        assertThat(f.freeEntries()).isEqualTo(1);
        assertThat(f.put("c", 3, T0)).isTrue();
        assertThat(f.isFull()).isTrue();
        assertThat(f.put("d", 4, T0)).isFalse();
        assertThat(query(f, "c")).containsExactly(3L);
    }

    @Test
    void putsMustFollowCommitLogOrder() {
        IndexFile f = IndexFile.create(dir.resolve("f"), 7, 10);
        f.put("a", 100, T0);
        f.put("b", 100, T0);
        assertThatThrownBy(() -> f.put("c", 99, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reopenKeepsEverything() {
        Path p = dir.resolve("f");
        IndexFile f = IndexFile.create(p, 7, 50);
        for (int i = 0; i < 30; i++) {
            f.put("T#k" + (i % 4), 10L * i, T0 + 1000L * i);
        }
        f.close();
        IndexFile g = IndexFile.open(p, 7, 50);
        assertThat(g.recover()).isZero();
        assertThat(g.entryCount()).isEqualTo(30);
        assertThat(g.beginTimestamp()).isEqualTo(T0);
        assertThat(g.endTimestamp()).isEqualTo(T0 + 29_000);
        assertThat(g.beginPhyOffset()).isZero();
        assertThat(g.endPhyOffset()).isEqualTo(290);
        assertThat(query(g, "T#k1")).containsExactly(290L, 250L, 210L, 170L, 130L, 90L, 50L, 10L);
        g.put("T#k1", 300, T0 + 30_000);
        assertThat(query(g, "T#k1").get(0)).isEqualTo(300L);
    }

    @Test
    void truncateFromRemovesNewestEntriesAndRestoresChains() {
        IndexFile f = IndexFile.create(dir.resolve("f"), 2, 50);
        for (int i = 0; i < 20; i++) {
            f.put("T#k" + (i % 3), 100L * i, T0 + 1000L * i);
            f.put("T#u" + i, 100L * i, T0 + 1000L * i);
        }
        assertThat(f.truncateFrom(1250)).isEqualTo(14); // messages 13..19, two entries each
        assertThat(f.endPhyOffset()).isEqualTo(1200);
        assertThat(f.endTimestamp()).isEqualTo(T0 + 12_000);
        assertThat(query(f, "T#k0")).containsExactly(1200L, 900L, 600L, 300L, 0L);
        assertThat(query(f, "T#u13")).isEmpty();
        assertThat(f.truncateFrom(5000)).isZero();
        f.put("T#k0", 1300, T0 + 13_000);
        assertThat(query(f, "T#k0")).startsWith(1300L, 1200L);
        f.close();
        IndexFile g = IndexFile.open(f.path(), 2, 50);
        assertThat(g.recover()).isZero();
        assertThat(query(g, "T#k0")).containsExactly(1300L, 1200L, 900L, 600L, 300L, 0L);
        assertThat(g.truncateFrom(0)).isEqualTo(27);
        assertThat(g.isEmpty()).isTrue();
        assertThat(query(g, "T#k0")).isEmpty();
    }

    @Test
    void openRejectsBadSizesAndHeaders() throws IOException {
        Path p = dir.resolve("f");
        IndexFile.create(p, 7, 10).close();
        assertThatThrownBy(() -> IndexFile.open(p, 7, 9)).isInstanceOf(CorruptIndexException.class);
        Path tiny = Files.write(dir.resolve("tiny"), new byte[39]);
        assertThatThrownBy(() -> IndexFile.open(tiny, 7, 10)).isInstanceOf(CorruptIndexException.class);
        writeInt(p, 36, 11); // indexCount beyond maxIndexes
        assertThatThrownBy(() -> IndexFile.open(p, 7, 10)).isInstanceOf(CorruptIndexException.class);
        writeInt(p, 36, 2);
        writeLong(p, 0, 5000); // begin timestamp after end
        assertThatThrownBy(() -> IndexFile.open(p, 7, 10))
                .isInstanceOf(CorruptIndexException.class)
                .hasMessageContaining(p.toString());
    }

    @Test
    void headerEndsThatDisagreeWithEntriesAreCorrupt() throws IOException {
        Path p = dir.resolve("f");
        IndexFile f = IndexFile.create(p, 7, 10);
        f.put("a", 100, T0);
        f.put("b", 200, T0 + 5000);
        f.close();
        writeLong(p, 8, T0 + 60_000); // end timestamp far after every entry
        IndexFile g = IndexFile.open(p, 7, 10);
        assertThatThrownBy(g::recover).isInstanceOf(CorruptIndexException.class);
        writeLong(p, 8, T0 + 5000);
        writeLong(p, 24, 300); // end offset after the last entry
        IndexFile h = IndexFile.open(p, 7, 10);
        assertThatThrownBy(h::recover).isInstanceOf(CorruptIndexException.class);
    }

    @Test
    void recoverCutsAtTheFirstBrokenEntryAndRepairsSlots() throws IOException {
        Path p = dir.resolve("f");
        IndexFile f = IndexFile.create(p, 3, 40);
        for (int i = 0; i < 30; i++) {
            f.put("T#k" + (i % 5), 10L * i, T0 + 1000L * i);
        }
        f.close();
        int entry21 = IndexFormat.entryPosition(3, 21);
        writeInt(p, entry21 + IndexFormat.ENTRY_PREV_INDEX, 25); // a chain pointing forward
        writeInt(p, IndexFormat.slotPosition(1), 123_456); // a garbled slot
        IndexFile g = IndexFile.open(p, 3, 40);
        assertThat(g.recover()).isEqualTo(10); // entries 21..30
        assertThat(g.entryCount()).isEqualTo(20);
        assertThat(g.endPhyOffset()).isEqualTo(190);
        assertThat(g.endTimestamp()).isEqualTo(T0 + 19_000);
        assertThat(query(g, "T#k4")).containsExactly(190L, 140L, 90L, 40L);
        IndexFile h = IndexFile.open(p, 3, 40);
        assertThat(h.recover()).isZero();
        assertThat(query(h, "T#k4")).containsExactly(190L, 140L, 90L, 40L);
    }

    @Test
    void queriesOverRawGarbageNeverLoopOrThrow() throws IOException {
        long seed = System.nanoTime();
        System.out.println("IndexFileTest.queriesOverRawGarbageNeverLoopOrThrow seed=" + seed);
        Random rnd = new Random(seed);
        for (int round = 0; round < 50; round++) {
            Path p = dir.resolve("g" + round);
            IndexFile f = IndexFile.create(p, 5, 64);
            for (int i = 0; i < 60; i++) {
                f.put("T#k" + rnd.nextInt(8), 10L * i, T0 + 1000L * i);
            }
            // garble the file under the live mapping (no recover): the walk must stay finite and in bounds
            byte[] junk = new byte[1 + rnd.nextInt(400)];
            rnd.nextBytes(junk);
            int at = rnd.nextInt((int) Files.size(p) - junk.length);
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(junk), at);
            }
            for (int k = 0; k < 8; k++) {
                List<Long> r = query(f, "T#k" + k);
                assertThat(r.size()).isLessThanOrEqualTo(63);
            }
        }
    }

    private static void writeInt(Path p, int at, int v) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4).putInt(0, v), at);
        }
    }

    private static void writeLong(Path p, int at, long v) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).putLong(0, v), at);
        }
    }
}
