package io.kitemq.store.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexServiceTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2024-03-01T10:15:30.123Z"));
    private static final long ALL = Long.MAX_VALUE;

    @TempDir
    Path dir;

    private IndexService open(int slots, int entries) {
        return IndexService.open(dir.resolve("index"), slots, entries, CLOCK);
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("index"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void indexesEveryKeyAndTheUniqKeyPerTopic() {
        IndexService index = open(100, 100);
        assertThat(index.put("T1", "order-1 customer-7", "U1", 1000, T0)).isEqualTo(3);
        assertThat(index.put("T1", "order-2  customer-7 ", null, 1100, T0 + 1000))
                .isEqualTo(2);
        assertThat(index.put("T2", "order-1", "", 1200, T0 + 2000)).isEqualTo(1);
        assertThat(index.put("T2", null, null, 1300, T0 + 3000)).isZero();
        assertThat(index.query("T1", "order-1", 10, 0, ALL)).containsExactly(1000L);
        assertThat(index.query("T1", "customer-7", 10, 0, ALL)).containsExactly(1100L, 1000L);
        assertThat(index.query("T1", "U1", 10, 0, ALL)).containsExactly(1000L);
        assertThat(index.query("T2", "order-1", 10, 0, ALL)).containsExactly(1200L);
        assertThat(index.query("T2", "customer-7", 10, 0, ALL)).isEmpty();
        assertThat(index.query("T1", "order-1", 10, T0 + 1, ALL)).isEmpty();
        assertThat(index.query("T1", "customer-7", 0, 0, ALL)).isEmpty();
        assertThat(index.maxPhyOffset()).isEqualTo(1200);
        assertThat(index.lastUpdatePhyOffset()).isEqualTo(1200);
        assertThat(index.lastUpdateTimestamp()).isEqualTo(T0 + 2000);
    }

    @Test
    void emptyIndexReportsZero() {
        IndexService index = open(10, 10);
        assertThat(index.maxPhyOffset()).isZero();
        assertThat(index.lastUpdateTimestamp()).isZero();
        assertThat(index.query("T", "k", 10, 0, ALL)).isEmpty();
        assertThat(index.put("T", "k", null, 0, T0)).as("offset 0 is indexable").isEqualTo(1);
        assertThat(index.query("T", "k", 10, 0, ALL)).containsExactly(0L);
    }

    @Test
    void putsAtOrBelowTheIndexedEndAreIgnored() {
        IndexService index = open(10, 100);
        index.put("T", "a", null, 500, T0);
        assertThat(index.put("T", "b", null, 500, T0)).isZero();
        assertThat(index.put("T", "b", null, 400, T0)).isZero();
        assertThat(index.query("T", "b", 10, 0, ALL)).isEmpty();
        assertThat(index.put("T", "b", null, 501, T0)).isEqualTo(1);
    }

    @Test
    void rollsAcrossFilesAndQueriesNewestFirst() throws IOException {
        IndexService index = open(3, 5); // 4 entries per file
        for (int i = 0; i < 20; i++) {
            index.put("T", "k" + (i % 2), null, 100L * i, T0 + 1000L * i);
        }
        assertThat(index.files()).hasSize(5);
        assertThat(fileNames())
                .containsExactly(
                        "20240301101530123",
                        "20240301101530124",
                        "20240301101530125",
                        "20240301101530126",
                        "20240301101530127");
        assertThat(index.query("T", "k1", 100, 0, ALL))
                .containsExactly(1900L, 1700L, 1500L, 1300L, 1100L, 900L, 700L, 500L, 300L, 100L);
        assertThat(index.query("T", "k0", 3, 0, ALL)).containsExactly(1800L, 1600L, 1400L);
        assertThat(index.query("T", "k0", 100, T0 + 3000, T0 + 9000)).containsExactly(800L, 600L, 400L);
        for (int i = 1; i < index.files().size(); i++) {
            assertThat(index.files().get(i).beginPhyOffset())
                    .isGreaterThan(index.files().get(i - 1).endPhyOffset());
        }
    }

    @Test
    void rollsBeforeAMessageThatDoesNotFitAndSplitsOnlyGiantOnes() {
        IndexService index = open(3, 5); // 4 entries per file
        index.put("T", "a b c", null, 100, T0);
        index.put("T", "d e", null, 200, T0); // 1 free entry: rolls instead of splitting
        assertThat(index.files()).hasSize(2);
        assertThat(index.files().get(0).entryCount()).isEqualTo(3);
        index.put("T", "x x x x x x x x x", "U", 300, T0); // 10 keys > 4 per file: split over files
        assertThat(index.files()).hasSize(4);
        assertThat(index.query("T", "x", 100, 0, ALL)).containsExactly(300L);
        assertThat(index.query("T", "U", 100, 0, ALL)).containsExactly(300L);
        assertThat(index.query("T", "d", 100, 0, ALL)).containsExactly(200L);
    }

    @Test
    void reopenRecoversAndReindexesOnlyTheLastMessage() {
        IndexedMessages log = IndexedMessages.random(new Random(42), 200, 15);
        IndexService index = open(7, 16);
        log.putAll(index, 0);
        long last = log.lastIndexedOffset();
        assertThat(index.maxPhyOffset()).isEqualTo(last);
        index.close();
        assertThatThrownBy(() -> index.put("T", "k", null, last + 1, T0)).isInstanceOf(IllegalStateException.class);

        IndexService reopened = open(7, 16);
        long from = reopened.maxPhyOffset();
        assertThat(from).as("the last message is re-indexed whole").isLessThan(last);
        log.putAll(reopened, from);
        assertThat(reopened.maxPhyOffset()).isEqualTo(last);
        for (String[] q : log.queries()) {
            assertThat(reopened.query(q[0], q[1], 1000, 0, ALL))
                    .as("%s#%s", q[0], q[1])
                    .isEqualTo(log.expected(q[0], q[1]));
        }
    }

    @Test
    void truncateAfterRemovesEntriesPastTheCommitLogEnd() {
        IndexService index = open(5, 8); // 7 entries per file
        for (int i = 0; i < 30; i++) {
            index.put("T", "k" + (i % 3), "U" + i, 100L * i, T0 + 1000L * i);
        }
        int filesBefore = index.files().size();
        assertThat(index.truncateAfter(5000)).isEqualTo(2900); // nothing past the end
        assertThat(index.truncateAfter(1550)).isEqualTo(1500);
        assertThat(index.files().size()).isLessThan(filesBefore);
        assertThat(index.query("T", "k0", 100, 0, ALL)).containsExactly(1500L, 1200L, 900L, 600L, 300L, 0L);
        assertThat(index.query("T", "U16", 100, 0, ALL)).isEmpty();
        assertThat(index.lastUpdateTimestamp()).isEqualTo(T0 + 15_000);
        for (int i = 15; i < 20; i++) { // the dispatcher re-dispatches from 1500
            index.put("T", "k" + (i % 3), "U" + i, 100L * i, T0 + 1000L * i);
        }
        assertThat(index.query("T", "k0", 100, 0, ALL)).containsExactly(1800L, 1500L, 1200L, 900L, 600L, 300L, 0L);
        assertThat(index.truncateAfter(0)).isZero();
        assertThat(index.files()).isEmpty();
        assertThat(index.query("T", "k0", 100, 0, ALL)).isEmpty();
    }

    @Test
    void deleteBeforeDropsExpiredFilesButNeverTheNewest() throws IOException {
        IndexService index = open(5, 5); // 4 entries per file
        for (int i = 0; i < 20; i++) {
            index.put("T", "k", null, 100L * i, T0 + 1000L * i);
        }
        assertThat(index.files()).hasSize(5);
        assertThat(index.deleteBefore(300)).isZero(); // first file ends at 300
        assertThat(index.deleteBefore(301)).isEqualTo(1);
        assertThat(index.deleteBefore(1000)).isEqualTo(1);
        assertThat(fileNames()).hasSize(3);
        assertThat(index.query("T", "k", 100, 0, ALL))
                .hasSize(12)
                .startsWith(1900L)
                .endsWith(800L);
        assertThat(index.deleteBefore(1_000_000)).isEqualTo(2);
        assertThat(index.files()).hasSize(1);
        assertThat(index.maxPhyOffset()).isEqualTo(1900);
    }

    @Test
    void newFilesSortAfterExistingOnesEvenIfTheClockIsBehind() throws IOException {
        IndexService index = open(5, 3);
        for (int i = 0; i < 6; i++) {
            index.put("T", "k", null, i, T0);
        }
        index.close();
        IndexService behind = IndexService.open(dir.resolve("index"), 5, 3, InstantSource.fixed(Instant.EPOCH));
        for (int i = 5; i < 12; i++) { // 5 was dropped at reopen
            behind.put("T", "k", null, i, T0);
        }
        List<String> names = fileNames();
        assertThat(names).hasSize(6).isSorted().doesNotHaveDuplicates();
        assertThat(behind.query("T", "k", 100, 0, ALL))
                .containsExactly(11L, 10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L);
    }

    @Test
    void strangeFilesInTheDirectoryAreLeftAlone() throws IOException {
        Files.createDirectories(dir.resolve("index"));
        Files.writeString(dir.resolve("index").resolve("notes.txt"), "hello");
        IndexService index = open(5, 5);
        index.put("T", "k", null, 1, T0);
        index.close();
        IndexService again = open(5, 5);
        assertThat(Files.exists(dir.resolve("index").resolve("notes.txt"))).isTrue();
        assertThat(again.files()).isEmpty(); // its only message is re-indexed
        assertThat(again.maxPhyOffset()).isZero();
    }

    @Test
    void flushAndCloseAreIdempotent() {
        IndexService index = open(5, 5);
        index.flush();
        index.put("T", "k", null, 1, T0);
        index.flush();
        index.flush();
        index.close();
        index.close();
        assertThat(index.query("T", "k", 10, 0, ALL)).isEmpty();
    }
}
