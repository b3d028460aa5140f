package io.kitemq.store.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumeQueueTableTest {

    @TempDir
    Path root;

    @Test
    void queuesAreCreatedLazilyAndLoadedAtOpen() {
        ConsumeQueueTable table = ConsumeQueueTable.open(root.resolve("consumequeue"), 4);
        assertThat(table.get("TopicA", 0)).isNull();
        ConsumeQueue a0 = table.getOrCreate("TopicA", 0);
        assertThat(table.getOrCreate("TopicA", 0)).isSameAs(a0);
        assertThat(root.resolve("consumequeue"))
                .as("no file before the first entry")
                .doesNotExist();
        a0.put(0, 0, 100, 1);
        a0.put(1, 300, 100, 1);
        table.getOrCreate("%RETRY%group_1", 3).put(0, 100, 100, 2);
        table.getOrCreate("TopicA", 1); // stays empty: no directory
        table.close();

        ConsumeQueueTable reopened = ConsumeQueueTable.open(root.resolve("consumequeue"), 4);
        assertThat(reopened.topics()).containsExactlyInAnyOrder("TopicA", "%RETRY%group_1");
        assertThat(reopened.get("TopicA", 0).maxOffset()).isEqualTo(2);
        assertThat(reopened.get("%RETRY%group_1", 3).maxCommitLogEnd()).isEqualTo(200);
        assertThat(reopened.get("TopicA", 1)).isNull();
        List<String> seen = new ArrayList<>();
        reopened.forEach(q -> seen.add(q.topic() + "/" + q.queueId()));
        assertThat(seen).containsExactlyInAnyOrder("TopicA/0", "%RETRY%group_1/3");
        assertThat(reopened.bytesCutAtOpen()).isZero();
    }

    @Test
    void foreignDirectoriesAreSkipped() throws IOException {
        Path dir = root.resolve("consumequeue");
        ConsumeQueueTable table = ConsumeQueueTable.open(dir, 4);
        table.getOrCreate("Good", 0).put(0, 0, 10, 0);
        table.close();
        Files.createDirectories(dir.resolve("bad topic!").resolve("0"));
        Files.createDirectories(dir.resolve("x".repeat(128)).resolve("0"));
        Files.createDirectories(dir.resolve("Good").resolve("01"));
        Files.createDirectories(dir.resolve("Good").resolve("-1"));
        Files.writeString(dir.resolve("README"), "not a topic");
        Files.writeString(dir.resolve("Good").resolve("2"), "not a queue dir");

        ConsumeQueueTable reopened = ConsumeQueueTable.open(dir, 4);
        assertThat(reopened.topics()).containsExactly("Good");
        List<Integer> ids = new ArrayList<>();
        reopened.forEach(q -> ids.add(q.queueId()));
        assertThat(ids).containsExactly(0);
        assertThat(dir.resolve("bad topic!")).as("left alone").exists();
    }

    @Test
    void namesThatAreNotTopicsAreRefused() {
        ConsumeQueueTable table = ConsumeQueueTable.open(root, 4);
        assertThatThrownBy(() -> table.getOrCreate("../escape", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.getOrCreate("", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.getOrCreate("T", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.deleteTopic("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(table.getOrCreate("x".repeat(127), 0)).isNotNull();
    }

    @Test
    void commitLogEndsTruncationAndRetentionSpanAllQueues() {
        ConsumeQueueTable table = ConsumeQueueTable.open(root, 4);
        assertThat(table.maxCommitLogEnd()).isEqualTo(-1);
        assertThat(table.minCommitLogEnd()).isEqualTo(-1);
        // CommitLog: records of 100 bytes; A gets 0..9 at even slots, B an early one, C is idle and empty
        ConsumeQueue a = table.getOrCreate("A", 0);
        ConsumeQueue b = table.getOrCreate("B", 0);
        table.getOrCreate("C", 0);
        b.put(0, 100, 100, 0);
        for (int i = 0; i < 10; i++) {
            a.put(i, 200L * i + 200, 100, 0);
        }
        assertThat(table.maxCommitLogEnd()).isEqualTo(2100); // A's last record: 2000..2100
        assertThat(table.minCommitLogEnd()).isEqualTo(200); // B's

        assertThat(table.truncateAfterCommitLog(1450)).isEqualTo(4); // A keeps the records ending by 1450
        assertThat(a.maxOffset()).isEqualTo(6);
        assertThat(table.maxCommitLogEnd()).isEqualTo(1300);

        assertThat(table.deleteBefore(1000)).isEqualTo(1); // A's segment 0..3 ends at 900
        assertThat(a.minOffset()).isEqualTo(4);
        assertThat(b.minOffset()).isEqualTo(b.maxOffset()).isEqualTo(1);
        table.flush();
    }

    @Test
    void deleteTopicRemovesItsFilesAndQueues() throws IOException {
        ConsumeQueueTable table = ConsumeQueueTable.open(root, 4);
        for (int id = 0; id < 3; id++) {
            table.getOrCreate("Gone", id).put(0, id * 100L, 100, 0);
        }
        ConsumeQueue kept = table.getOrCreate("Kept", 0);
        kept.put(0, 0, 10, 0);
        ConsumeQueue held = table.get("Gone", 1);
        Files.writeString(root.resolve("Gone").resolve("stray.txt"), "x");

        assertThat(table.deleteTopic("Gone")).isTrue();
        assertThat(root.resolve("Gone")).doesNotExist();
        assertThat(table.get("Gone", 1)).isNull();
        assertThat(table.topics()).containsExactly("Kept");
        assertThat(held.put(1, 500, 100, 0))
                .as("a dispatcher holding a deleted queue")
                .isFalse();
        assertThat(table.deleteTopic("Gone")).isFalse();
        assertThat(kept.maxOffset()).isEqualTo(1);

        // a topic of the same name can come back
        assertThat(table.getOrCreate("Gone", 1).maxOffset()).isZero();
    }

    @Test
    void concurrentGetOrCreateYieldsOneQueue() throws Exception {
        ConsumeQueueTable table = ConsumeQueueTable.open(root, 4);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<ConsumeQueue>> calls = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                calls.add(() -> table.getOrCreate("Race", 7));
            }
            List<Future<ConsumeQueue>> results = pool.invokeAll(calls, 30, TimeUnit.SECONDS);
            ConsumeQueue first = results.get(0).get();
            for (Future<ConsumeQueue> f : results) {
                assertThat(f.get()).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
