package io.kitemq.broker.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kitemq.protocol.body.DataVersion;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.body.TopicFilterType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topic table: system topics, persistence, versions, auto-creation rules, listeners. */
class TopicTableTest {

    static final int RW = TopicConfig.PERM_READ | TopicConfig.PERM_WRITE;
    static final int RWI = RW | TopicConfig.PERM_INHERIT;

    @TempDir
    Path dir;

    final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    final InstantSource clock = () -> Instant.ofEpochMilli(now.get());

    TopicTable open(boolean autoCreate) {
        return TopicTable.open(dir, SystemTopics.of("DefaultCluster", "broker-a", autoCreate, 8), clock);
    }

    TopicTable open() {
        return open(true);
    }

    @Test
    void systemTopicsExistFromTheStartWithRocketMqsQueuesAndPerms() {
        TopicTable topics = open();

        assertThat(topics.get("TBW102")).isEqualTo(new TopicConfig("TBW102", 8, 8, RWI));
        assertThat(topics.get("SELF_TEST_TOPIC")).isEqualTo(new TopicConfig("SELF_TEST_TOPIC", 1, 1, RW));
        assertThat(topics.get("SCHEDULE_TOPIC_XXXX")).isEqualTo(new TopicConfig("SCHEDULE_TOPIC_XXXX", 18, 18, RW));
        assertThat(topics.get("DefaultCluster")).isEqualTo(new TopicConfig("DefaultCluster", 16, 16, RWI));
        assertThat(topics.get("broker-a")).isEqualTo(new TopicConfig("broker-a", 1, 1, RWI));
        assertThat(topics.get("BenchmarkTest").writeQueueNums()).isEqualTo(1024);
        assertThat(topics.all())
                .containsKeys(
                        "OFFSET_MOVED_EVENT",
                        "DefaultCluster_REPLY_TOPIC",
                        "RMQ_SYS_TRANS_HALF_TOPIC",
                        "RMQ_SYS_TRANS_OP_HALF_TOPIC")
                .doesNotContainKey("RMQ_SYS_TRACE_TOPIC");
        assertThat(topics.dataVersion()).isEqualTo(DataVersion.startingAt(now.get()));
    }

    @Test
    void withoutAutoCreationThereIsNoTemplateTopic() {
        assertThat(open(false).get("TBW102")).isNull();
        SystemTopics traced = new SystemTopics("C", "b", true, 4, false, false, "RMQ_SYS_TRACE_TOPIC");
        TopicTable topics = TopicTable.open(dir.resolve("traced"), traced, clock);
        assertThat(topics.get("RMQ_SYS_TRACE_TOPIC")).isEqualTo(new TopicConfig("RMQ_SYS_TRACE_TOPIC", 1, 1, RW));
        assertThat(topics.get("C").perm()).isEqualTo(TopicConfig.PERM_INHERIT);
        assertThat(topics.get("b").perm()).isEqualTo(TopicConfig.PERM_INHERIT);
    }

    @Test
    void topicsAndVersionSurviveAReopen() {
        TopicTable topics = open();
        TopicConfig orders =
                new TopicConfig("Orders", 4, 2, RW, TopicFilterType.MULTI_TAG, 0, true, java.util.Map.of("k", "v"));
        topics.createOrUpdate(orders);
        now.addAndGet(1000);
        topics.createOrUpdate(new TopicConfig("Gone", 1, 1, RW));
        topics.delete("Gone");
        // a saved system topic keeps its saved settings
        topics.createOrUpdate(new TopicConfig("SCHEDULE_TOPIC_XXXX", 18, 18, TopicConfig.PERM_READ));

        TopicTable reopened = open();
        assertThat(reopened.get("Orders")).isEqualTo(orders);
        assertThat(reopened.get("Gone")).isNull();
        assertThat(reopened.get("SCHEDULE_TOPIC_XXXX").perm()).isEqualTo(TopicConfig.PERM_READ);
        assertThat(reopened.dataVersion()).isEqualTo(topics.dataVersion());
        assertThat(reopened.all()).isEqualTo(topics.all());
    }

    @Test
    void theFileHasRocketMqsTopicConfigSerializeWrapperShape() throws IOException {
        open().createOrUpdate(new TopicConfig("Orders", 4, 4, RW));

        String json = Files.readString(dir.resolve("topics.json"));
        assertThat(json)
                .contains("\"topicConfigTable\":{")
                .contains("\"dataVersion\":{\"counter\":1,\"stateVersion\":0,\"timestamp\":" + now.get() + "}")
                .contains("\"Orders\":{\"attributes\":{},\"order\":false,\"perm\":6,\"readQueueNums\":4,"
                        + "\"topicFilterType\":\"SINGLE_TAG\",\"topicName\":\"Orders\",\"topicSysFlag\":0,"
                        + "\"writeQueueNums\":4}");
    }

    @Test
    void readsAFileWrittenByRocketMq() throws IOException {
        Files.writeString(dir.resolve("topics.json"), """
                {"dataVersion":{"counter":7,"stateVersion":0,"timestamp":1699999999999},
                 "topicConfigTable":{"TopicTest":{"attributes":{},"order":false,"perm":6,"readQueueNums":4,
                 "topicFilterType":"SINGLE_TAG","topicName":"TopicTest","topicSysFlag":0,"writeQueueNums":4}}}
                """);
        TopicTable topics = open();
        assertThat(topics.get("TopicTest")).isEqualTo(new TopicConfig("TopicTest", 4, 4, RW));
        assertThat(topics.dataVersion()).isEqualTo(new DataVersion(0, 1699999999999L, 7));
    }

    @Test
    void everyChangeBumpsTheVersionAndNoChangeDoesNot() {
        TopicTable topics = open();
        DataVersion v0 = topics.dataVersion();

        now.addAndGet(10);
        assertThat(topics.createOrUpdate(new TopicConfig("T", 4, 4, RW))).isNull();
        assertThat(topics.dataVersion()).isEqualTo(new DataVersion(0, now.get(), v0.counter() + 1));

        assertThat(topics.createOrUpdate(new TopicConfig("T", 4, 4, RW))).isNotNull();
        assertThat(topics.dataVersion().counter()).isEqualTo(v0.counter() + 1);

        topics.createOrUpdate(new TopicConfig("T", 8, 8, RW));
        assertThat(topics.dataVersion().counter()).isEqualTo(v0.counter() + 2);
        assertThat(topics.delete("T")).isTrue();
        assertThat(topics.dataVersion().counter()).isEqualTo(v0.counter() + 3);
        assertThat(topics.delete("T")).isFalse();
        assertThat(topics.dataVersion().counter()).isEqualTo(v0.counter() + 3);
        assertThat(topics.snapshot().dataVersion()).isEqualTo(topics.dataVersion());
        assertThat(topics.snapshot().topicConfigTable()).isEqualTo(topics.all());
    }

    @Test
    void invalidTopicsAreRefused() {
        TopicTable topics = open();
        assertThatThrownBy(() -> topics.createOrUpdate(new TopicConfig("bad topic", 1, 1, RW)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("illegal character");
        assertThatThrownBy(() -> topics.createOrUpdate(new TopicConfig("T", -1, 1, RW)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> topics.createOrUpdate(new TopicConfig("x".repeat(128), 1, 1, RW)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(topics.get("bad topic")).isNull();
    }

    @Test
    void sendCreatesATopicFromTheTemplateWithQueuesCappedByIt() {
        TopicTable topics = open();
        DataVersion before = topics.dataVersion();

        TopicConfig small = topics.createForSend("Small", "TBW102", 4, 0);
        assertThat(small).isEqualTo(new TopicConfig("Small", 4, 4, RW));
        TopicConfig capped = topics.createForSend("Capped", "TBW102", 16, 3);
        assertThat(capped.readQueueNums()).isEqualTo(8);
        assertThat(capped.writeQueueNums()).isEqualTo(8);
        assertThat(capped.perm()).isEqualTo(RW);
        assertThat(capped.topicSysFlag()).isEqualTo(3);
        assertThat(topics.dataVersion().counter()).isEqualTo(before.counter() + 2);

        // an existing topic is returned as it is, whatever the request asks
        assertThat(topics.createForSend("Small", "TBW102", 8, 0)).isEqualTo(small);
        assertThat(topics.dataVersion().counter()).isEqualTo(before.counter() + 2);
        assertThat(open().get("Capped")).isEqualTo(capped);
    }

    @Test
    void aCustomTemplateWithInheritPassesOnItsPermAndFilterType() {
        TopicTable topics = open();
        topics.createOrUpdate(new TopicConfig(
                "Template",
                2,
                3,
                TopicConfig.PERM_INHERIT | TopicConfig.PERM_WRITE,
                TopicFilterType.MULTI_TAG,
                0,
                false,
                null));

        TopicConfig created = topics.createForSend("FromTemplate", "Template", 4, 0);
        assertThat(created.writeQueueNums()).isEqualTo(3);
        assertThat(created.perm()).isEqualTo(TopicConfig.PERM_WRITE);
        assertThat(created.topicFilterType()).isEqualTo(TopicFilterType.MULTI_TAG);
    }

    @Test
    void sendCreationIsDeniedWithoutAnInheritableTemplate() {
        TopicTable topics = open();
        topics.createOrUpdate(new TopicConfig("NoInherit", 4, 4, RW));
        DataVersion before = topics.dataVersion();

        assertThat(topics.createForSend("A", "NoInherit", 4, 0)).isNull();
        assertThat(topics.createForSend("A", "Missing", 4, 0)).isNull();
        assertThat(topics.createForSend("bad name", "TBW102", 4, 0)).isNull();
        assertThat(topics.get("A")).isNull();
        assertThat(topics.dataVersion()).isEqualTo(before);

        assertThat(open(false).createForSend("A", "TBW102", 4, 0)).isNull();
    }

    @Test
    void aSavedTemplateIsNotInheritedOnceAutoCreationIsTurnedOff() {
        open(true).persist();
        TopicTable topics = open(false);
        assertThat(topics.get("TBW102")).isNotNull();
        assertThat(topics.createForSend("A", "TBW102", 4, 0)).isNull();
    }

    @Test
    void retryAndDeadLetterTopicsAreCreatedOnce() {
        TopicTable topics = open();
        TopicConfig retry = topics.createRetryTopicIfAbsent("group1", 1, RW);
        assertThat(retry).isEqualTo(new TopicConfig("%RETRY%group1", 1, 1, RW));
        TopicConfig dlq = topics.createDlqTopicIfAbsent("group1");
        assertThat(dlq).isEqualTo(new TopicConfig("%DLQ%group1", 1, 1, RW));
        DataVersion after = topics.dataVersion();

        assertThat(topics.createRetryTopicIfAbsent("group1", 4, TopicConfig.PERM_READ))
                .isEqualTo(retry);
        assertThat(topics.createDlqTopicIfAbsent("group1")).isEqualTo(dlq);
        assertThat(topics.dataVersion()).isEqualTo(after);
        assertThat(TopicTable.retryTopic("g")).isEqualTo("%RETRY%g");
        assertThat(TopicTable.dlqTopic("g")).isEqualTo("%DLQ%g");
        assertThatThrownBy(() -> topics.createRetryTopicIfAbsent("bad group", 1, RW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listenersHearEveryChangeButNotNoOps() {
        TopicTable topics = open();
        List<String> heard = new ArrayList<>();
        topics.addChangeListener((topic, config) -> {
            throw new IllegalStateException("a broken listener does not stop the others");
        });
        topics.addChangeListener(
                (topic, config) -> heard.add(topic + "=" + (config == null ? "deleted" : config.perm())));

        topics.createOrUpdate(new TopicConfig("T", 4, 4, RW));
        topics.createOrUpdate(new TopicConfig("T", 4, 4, RW));
        topics.createForSend("S", "TBW102", 4, 0);
        topics.createForSend("S", "TBW102", 4, 0);
        topics.createForSend("Denied", "Missing", 4, 0);
        topics.createRetryTopicIfAbsent("g", 1, RW);
        topics.delete("T");
        topics.delete("T");

        assertThat(heard).containsExactly("T=6", "S=6", "%RETRY%g=6", "T=deleted");
    }

    @Test
    void concurrentSendsCreateATopicOnce() throws Exception {
        TopicTable topics = open();
        AtomicLong notified = new AtomicLong();
        topics.addChangeListener((topic, config) -> notified.incrementAndGet());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<TopicConfig>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return topics.createForSend("Race", "TBW102", 4, 0);
                }));
            }
            start.countDown();
            for (Future<TopicConfig> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(new TopicConfig("Race", 4, 4, RW));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(notified.get()).isEqualTo(1);
    }

    @Test
    void aCorruptFileIsReplacedByItsBackupOrStopsTheOpen() throws IOException {
        TopicTable topics = open();
        topics.createOrUpdate(new TopicConfig("First", 1, 1, RW));
        topics.createOrUpdate(new TopicConfig("Second", 1, 1, RW));
        Files.writeString(dir.resolve("topics.json"), "{\"topicConfigTable\":{\"Second\":");

        TopicTable recovered = open();
        assertThat(recovered.get("First")).isNotNull();
        assertThat(recovered.get("Second")).isNull();

        Files.writeString(dir.resolve("topics.json"), "not json");
        Files.writeString(dir.resolve("topics.json.bak"), "not json either");
        assertThatThrownBy(this::open)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve("topics.json").toString());
    }
}
