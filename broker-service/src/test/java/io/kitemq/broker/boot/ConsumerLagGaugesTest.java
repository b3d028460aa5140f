package io.kitemq.broker.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.broker.admin.ConsumerLag;
import io.kitemq.broker.offset.ConsumerOffsetTable;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.store.MessageStore;
import io.kitemq.store.StoreConfig;
import io.kitemq.store.StoreMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The consumer lag gauges over a real store and offset table, refreshed by hand. */
class ConsumerLagGaugesTest {

    @TempDir
    Path dir;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MessageStore store;
    ConsumerOffsetTable offsets;
    ConsumerLagGauges gauges;

    @BeforeEach
    void open() {
        store = MessageStore.open(
                StoreConfig.defaults(dir.resolve("store")).withSegmentBytes(1 << 20, 1000),
                InstantSource.system(),
                StoreMetrics.NONE);
        offsets = ConsumerOffsetTable.open(dir.resolve("config"));
        append("Orders", 0, 5);
        append("Orders", 1, 2);
        gauges = new ConsumerLagGauges(new ConsumerLag(offsets, store), registry, Duration.ofHours(1));
    }

    @AfterEach
    void close() {
        gauges.close();
        store.close();
    }

    void append(String topic, int queueId, int count) {
        List<MessageExt> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            MessageExt m = new MessageExt();
            m.setTopic(topic);
            m.setQueueId(queueId);
            m.setBody(new byte[] {1});
            m.setBornHost(new InetSocketAddress("127.0.0.1", 40000));
            m.setStoreHost(new InetSocketAddress("127.0.0.1", 10911));
            batch.add(m);
        }
        store.appendBatch(batch).join();
        long end = store.commitLogMaxOffset();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.dispatchedOffset() == end);
    }

    Double queueLag(String group, String queue) {
        Gauge g = registry.find(ConsumerLagGauges.QUEUE_LAG)
                .tags("group", group, "topic", "Orders", "queue", queue)
                .gauge();
        return g == null ? null : g.value();
    }

    Double groupLag(String group) {
        Gauge g =
                registry.find(ConsumerLagGauges.GROUP_LAG).tags("group", group).gauge();
        return g == null ? null : g.value();
    }

    @Test
    void gaugesFollowCommitsAndAppends() {
        offsets.commit("g1", "Orders", 0, 2);
        offsets.commit("g1", "Orders", 1, 0);
        offsets.commit("g2", "Orders", 0, 5);
        gauges.refresh();

        assertThat(queueLag("g1", "0")).isEqualTo(3.0);
        assertThat(queueLag("g1", "1")).isEqualTo(2.0);
        assertThat(queueLag("g2", "0")).isZero();
        assertThat(groupLag("g1")).isEqualTo(5.0);
        assertThat(groupLag("g2")).isZero();
        Gauge before = registry.find(ConsumerLagGauges.QUEUE_LAG)
                .tags("group", "g1", "queue", "0")
                .gauge();

        append("Orders", 0, 4);
        offsets.commit("g1", "Orders", 1, 2);
        gauges.refresh();

        assertThat(queueLag("g1", "0")).isEqualTo(7.0);
        assertThat(queueLag("g1", "1")).isZero();
        assertThat(groupLag("g1")).isEqualTo(7.0);
        assertThat(groupLag("g2")).isEqualTo(4.0);
        assertThat(registry.find(ConsumerLagGauges.QUEUE_LAG)
                        .tags("group", "g1", "queue", "0")
                        .gauge())
                .as("same queues: the gauge is not registered again")
                .isSameAs(before);
    }

    @Test
    void removedOffsetsRemoveTheirRows() {
        offsets.commit("g1", "Orders", 0, 2);
        offsets.commit("g2", "Orders", 0, 1);
        gauges.refresh();
        offsets.removeGroup("g2");
        gauges.refresh();

        assertThat(queueLag("g1", "0")).isEqualTo(3.0);
        assertThat(queueLag("g2", "0")).isNull();
        assertThat(groupLag("g2")).isNull();
        assertThat(registry.find(ConsumerLagGauges.QUEUE_LAG).gauges()).hasSize(1);
    }
}
