package io.kitemq.store.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Whatever is put, a query answers exactly the matching offsets, newest first, within maxNum. */
class IndexPropertyTest {

    private static final long T0 = 1_700_000_000_000L;

    record Put(boolean otherTopic, List<String> keys, boolean withUniq, int offsetGap, int secondsGap) {}

    @Provide
    Arbitrary<List<Put>> puts() {
        Arbitrary<String> key = Arbitraries.oneOf(
                Arbitraries.of("a", "b", "c", "Aa", "BB", "order-1"), // "Aa" and "BB" share a hash
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(6));
        Arbitrary<Put> put = Combinators.combine(
                        Arbitraries.of(true, false),
                        key.list().ofMaxSize(4),
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(1, 500),
                        Arbitraries.integers().between(0, 3))
                .as(Put::new);
        return put.list().ofMinSize(1).ofMaxSize(120);
    }

    @Property(tries = 300)
    void queriesReturnExactlyTheMatchingOffsets(
            @ForAll("puts") List<Put> puts,
            @ForAll @IntRange(min = 1, max = 9) int slots,
            @ForAll @IntRange(min = 2, max = 40) int entriesPerFile,
            @ForAll @IntRange(min = 1, max = 30) int maxNum,
            @ForAll @IntRange(min = 0, max = 200) int fromSecond,
            @ForAll @IntRange(min = 0, max = 200) int seconds,
            @ForAll boolean reopen)
            throws IOException {
        Path dir = Files.createTempDirectory("index-property");
        try {
            IndexedMessages log = new IndexedMessages();
            long offset = 0;
            long ts = T0;
            for (int i = 0; i < puts.size(); i++) {
                Put p = puts.get(i);
                log.add(
                        p.otherTopic() ? "T2" : "T1",
                        String.join(" ", p.keys()),
                        p.withUniq() ? "U" + i : null,
                        offset,
                        ts);
                offset += p.offsetGap();
                ts += 1000L * p.secondsGap();
            }
            InstantSource clock = InstantSource.fixed(Instant.parse("2024-01-01T00:00:00Z"));
            IndexService index = IndexService.open(dir, slots, entriesPerFile, clock);
            log.putAll(index, 0);
            if (reopen) {
                index.close();
                index = IndexService.open(dir, slots, entriesPerFile, clock);
                log.putAll(index, index.maxPhyOffset());
            }
            long begin = T0 + 1000L * fromSecond;
            long end = begin + 1000L * seconds;
            for (String[] q : log.queries()) {
                assertThat(index.query(q[0], q[1], maxNum, begin, end))
                        .as("%s#%s in [%d, %d] max %d", q[0], q[1], begin, end, maxNum)
                        .isEqualTo(log.expected(q[0], q[1], maxNum, begin, end));
                assertThat(index.query(q[0], q[1], 10_000, Long.MIN_VALUE, Long.MAX_VALUE))
                        .isEqualTo(log.expected(q[0], q[1]));
            }
            index.close();
        } finally {
            deleteRecursively(dir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
