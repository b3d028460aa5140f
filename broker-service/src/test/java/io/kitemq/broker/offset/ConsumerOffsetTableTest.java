package io.kitemq.broker.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Committed offsets: queries, removal, reset, persistence in RocketMQ's shape, the dirty check, concurrency. */
class ConsumerOffsetTableTest {

    @TempDir
    Path dir;

    ConsumerOffsetTable open() {
        return ConsumerOffsetTable.open(dir);
    }

    @Test
    void commitsAreQueriedByGroupTopicAndQueue() {
        ConsumerOffsetTable offsets = open();
        assertThat(offsets.query("g1", "T1", 0)).isEqualTo(-1);

        offsets.commit("g1", "T1", 0, 12);
        offsets.commit("g1", "T1", 1, 40);
        offsets.commit("g1", "T1", 0, 15);
        offsets.commit("g1", "T2", 3, 7);
        offsets.commit("g2", "T1", 0, 1);

        assertThat(offsets.query("g1", "T1", 0)).isEqualTo(15);
        assertThat(offsets.query("g1", "T1", 2)).isEqualTo(-1);
        assertThat(offsets.offsets("g1", "T1")).containsExactly(Map.entry(0, 15L), Map.entry(1, 40L));
        assertThat(offsets.offsets("nobody", "T1")).isEmpty();
        assertThat(offsets.groupsOf("T1")).containsExactly("g1", "g2");
        assertThat(offsets.groupsOf("T9")).isEmpty();
        assertThat(offsets.topicsOf("g1")).containsExactly("T1", "T2");
        assertThat(offsets.offsetTable()).containsOnlyKeys("T1@g1", "T2@g1", "T1@g2");
    }

    @Test
    void groupsAndTopicsAreRemovedAndOffsetsReset() {
        ConsumerOffsetTable offsets = open();
        offsets.commit("g1", "T1", 0, 12);
        offsets.commit("g1", "T2", 0, 7);
        offsets.commit("g2", "T1", 0, 1);
        offsets.commit("g2", "T3", 0, 1);

        assertThat(offsets.removeGroup("g1")).isTrue();
        assertThat(offsets.removeGroup("g1")).isFalse();
        assertThat(offsets.topicsOf("g1")).isEmpty();
        assertThat(offsets.removeTopic("T1")).isTrue();
        assertThat(offsets.groupsOf("T1")).isEmpty();
        assertThat(offsets.query("g2", "T3", 0)).isEqualTo(1);

        offsets.resetTo("g2", "T3", Map.of(0, 100L, 1, 200L));
        assertThat(offsets.offsets("g2", "T3")).containsExactly(Map.entry(0, 100L), Map.entry(1, 200L));
        offsets.resetTo("g2", "T3", Map.of());
        assertThat(offsets.topicsOf("g2")).isEmpty();
    }

    @Test
    void offsetsSurviveAReopenInRocketMqsShape() throws IOException {
        ConsumerOffsetTable offsets = open();
        offsets.commit("group1", "TopicA", 0, 12);
        offsets.commit("group1", "TopicA", 1, 40);
        offsets.commit("%RETRY%group1", "%RETRY%group1", 0, 3);
        assertThat(offsets.persist()).isTrue();

        assertThat(Files.readString(dir.resolve("consumerOffsets.json")))
                .isEqualTo("{\"offsetTable\":{\"%RETRY%group1@%RETRY%group1\":{\"0\":3},"
                        + "\"TopicA@group1\":{\"0\":12,\"1\":40}}}");
        ConsumerOffsetTable reopened = open();
        assertThat(reopened.offsetTable()).isEqualTo(offsets.offsetTable());
        assertThat(reopened.query("group1", "TopicA", 1)).isEqualTo(40);
    }

    @Test
    void readsAFileWrittenByRocketMq() throws IOException {
        Files.writeString(dir.resolve("consumerOffsets.json"), """
                {"dataVersion":{"counter":0,"stateVersion":0,"timestamp":1},
                 "offsetTable":{"TopicTest@please_rename_unique_group_name_4":{0:250,1:249},"no-separator":{0:1}},
                 "pullOffsetTable":{}}
                """);
        ConsumerOffsetTable offsets = open();
        assertThat(offsets.offsets("please_rename_unique_group_name_4", "TopicTest"))
                .containsExactly(Map.entry(0, 250L), Map.entry(1, 249L));
        assertThat(offsets.offsetTable()).hasSize(1);
    }

    @Test
    void persistWritesOnlyWhenSomethingChanged() throws IOException {
        ConsumerOffsetTable offsets = open();
        assertThat(offsets.persist()).isFalse();
        assertThat(Files.exists(dir.resolve("consumerOffsets.json"))).isFalse();

        offsets.commit("g", "T", 0, 5);
        assertThat(offsets.persist()).isTrue();
        assertThat(offsets.persist()).isFalse();
        offsets.commit("g", "T", 0, 5);
        assertThat(offsets.persist()).as("the same offset again is no change").isFalse();
        offsets.commit("g", "T", 0, 6);
        assertThat(offsets.persist()).isTrue();
        offsets.removeGroup("g");
        assertThat(offsets.persist()).isTrue();
        assertThat(Files.readString(dir.resolve("consumerOffsets.json"))).isEqualTo("{\"offsetTable\":{}}");
        offsets.resetTo("g", "T", Map.of(0, 1L));
        assertThat(offsets.persist()).isTrue();
        assertThat(open().persist())
                .as("a freshly loaded table matches its file")
                .isFalse();
    }

    @Test
    void concurrentCommitsEndWithTheLastOffsetOfEveryQueue() throws Exception {
        ConsumerOffsetTable offsets = open();
        int threads = 8;
        int commits = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        AtomicBoolean committing = new AtomicBoolean(true);
        AtomicInteger persists = new AtomicInteger();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int queueId = t;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (long offset = 1; offset <= commits; offset++) {
                        // every thread writes its own queue of two shared topic@group maps
                        offsets.commit("g" + (offset % 2), "T", queueId, offset);
                    }
                    return null;
                }));
            }
            Future<?> persister = pool.submit(() -> {
                start.await();
                while (committing.get()) {
                    if (offsets.persist()) {
                        persists.incrementAndGet();
                    }
                }
                return null;
            });
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            committing.set(false);
            persister.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        offsets.persist();

        for (ConsumerOffsetTable table : List.of(offsets, open())) {
            for (int queueId = 0; queueId < threads; queueId++) {
                assertThat(table.query("g0", "T", queueId)).isEqualTo(commits);
                assertThat(table.query("g1", "T", queueId)).isEqualTo(commits - 1);
            }
            assertThat(table.offsets("g0", "T")).hasSize(threads);
        }
        assertThat(persists.get()).isPositive();
    }

    @Test
    void aCorruptFileIsReplacedByItsBackupOrStopsTheOpen() throws IOException {
        ConsumerOffsetTable offsets = open();
        offsets.commit("g", "T", 0, 10);
        offsets.persist();
        offsets.commit("g", "T", 0, 20);
        offsets.persist();
        Path file = dir.resolve("consumerOffsets.json");
        Files.writeString(file, "{\"offsetTable\":{\"T@g\":{\"0\":2");

        assertThat(open().query("g", "T", 0)).as("the previous persist").isEqualTo(10);

        Files.writeString(file, "{\"offsetTable\":{\"T@g\":{\"0\":\"x\"}}}");
        Files.delete(dir.resolve("consumerOffsets.json.bak"));
        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class).hasMessageContaining(file.toString());
    }

    @Test
    void aStrayTempFileFromAnInterruptedPersistIsIgnored() throws IOException {
        ConsumerOffsetTable offsets = open();
        offsets.commit("g", "T", 0, 10);
        offsets.persist();
        Files.writeString(dir.resolve("consumerOffsets.json.tmp"), "{\"offsetTable\":{\"T@g\":{\"0\":99");

        assertThat(open().query("g", "T", 0)).isEqualTo(10);
        assertThat(Files.exists(dir.resolve("consumerOffsets.json.tmp"))).isFalse();
    }
}
