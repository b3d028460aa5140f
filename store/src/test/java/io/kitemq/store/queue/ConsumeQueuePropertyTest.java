package io.kitemq.store.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Any sequence of puts, then a reopen (after close, or as after a crash), reads back the same entries. */
class ConsumeQueuePropertyTest {

    enum Kind {
        APPEND,
        GAP,
        REPUT_SAME,
        REPUT_OTHER,
        BACKWARDS
    }

    record Action(Kind kind, int a, int b, long tag) {}

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, Arbitraries.just(Kind.APPEND)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.GAP)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.REPUT_SAME)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.REPUT_OTHER)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.BACKWARDS)));
        Arbitrary<Action> action = Combinators.combine(
                        kinds,
                        Arbitraries.integers().between(0, 1000),
                        Arbitraries.integers().between(1, 300),
                        Arbitraries.longs())
                .as(Action::new);
        return action.list().ofMaxSize(120);
    }

    /** What the queue must hold. */
    static final class Model {
        final TreeMap<Long, long[]> real = new TreeMap<>(); // offset -> (phy, size, tag)
        long min;
        long max;
        long lastEnd = -1;

        boolean empty() {
            return real.isEmpty();
        }
    }

    @Property(tries = 200)
    void putsThenReopenReadBackTheSameEntries(
            @ForAll("actions") List<Action> actions,
            @ForAll @IntRange(min = 1, max = 6) int entriesPerSegment,
            @ForAll @IntRange(min = 0, max = 20) int firstOffset,
            @ForAll boolean closeBeforeReopen)
            throws IOException {
        Path dir = Files.createTempDirectory("cq-prop");
        try {
            ConsumeQueue q = ConsumeQueue.open(dir, "TopicTest", 3, entriesPerSegment);
            Model m = new Model();
            for (Action action : actions) {
                apply(q, m, action, firstOffset);
            }
            if (closeBeforeReopen) {
                q.close();
            }
            ConsumeQueue reopened = ConsumeQueue.open(dir, "TopicTest", 3, entriesPerSegment);
            assertSame(reopened, m);
            assertThat(reopened.bytesCutAtOpen()).isZero();
        } finally {
            deleteTree(dir);
        }
    }

    private static void apply(ConsumeQueue q, Model m, Action action, int firstOffset) {
        if (m.empty()) {
            long offset = firstOffset;
            long phy = action.a();
            assertThat(q.put(offset, phy, action.b(), action.tag())).isTrue();
            m.real.put(offset, new long[] {phy, action.b(), action.tag()});
            m.min = offset;
            m.max = offset + 1;
            m.lastEnd = phy + action.b();
            return;
        }
        switch (action.kind()) {
            case APPEND, GAP -> {
                long offset = m.max + (action.kind() == Kind.GAP ? 1 + action.a() % 9 : 0);
                long phy = m.lastEnd + action.a() % 50;
                assertThat(q.put(offset, phy, action.b(), action.tag())).isTrue();
                m.real.put(offset, new long[] {phy, action.b(), action.tag()});
                m.max = offset + 1;
                m.lastEnd = phy + action.b();
            }
            case REPUT_SAME, REPUT_OTHER -> {
                long offset = m.min + action.a() % (m.max - m.min);
                long[] stored = m.real.get(offset);
                if (stored == null) { // a blank: any put there is refused
                    assertThat(q.put(offset, 1, 1, 1)).isFalse();
                } else if (action.kind() == Kind.REPUT_SAME) {
                    assertThat(q.put(offset, stored[0], (int) stored[1], stored[2]))
                            .isTrue();
                } else {
                    assertThat(q.put(offset, stored[0], (int) stored[1], stored[2] + 1))
                            .isFalse();
                }
            }
            case BACKWARDS -> {
                long phy = m.lastEnd - 1 - action.a() % Math.max(1, m.lastEnd);
                if (phy >= 0) {
                    assertThat(q.put(m.max, phy, action.b(), action.tag())).isFalse();
                }
            }
        }
        assertThat(q.maxOffset()).isEqualTo(m.max);
    }

    private static void assertSame(ConsumeQueue q, Model m) {
        assertThat(q.minOffset()).isEqualTo(m.min);
        assertThat(q.maxOffset()).isEqualTo(m.max);
        assertThat(q.maxCommitLogEnd()).isEqualTo(m.lastEnd);
        ConsumeQueueEntries batch = new ConsumeQueueEntries(5);
        TreeMap<Long, long[]> seen = new TreeMap<>();
        long offset = m.min;
        while (offset < m.max) {
            int n = q.read(offset, 5, batch);
            for (int i = 0; i < n; i++) {
                seen.put(batch.queueOffset(i), new long[] {batch.commitLogOffset(i), batch.size(i), batch.tagHash(i)});
            }
            assertThat(batch.nextOffset()).isGreaterThan(offset);
            offset = batch.nextOffset();
        }
        assertThat(seen.keySet()).isEqualTo(m.real.keySet());
        seen.forEach((o, e) -> assertThat(e).as("offset %d", o).containsExactly(m.real.get(o)));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
