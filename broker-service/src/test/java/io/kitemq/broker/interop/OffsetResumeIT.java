package io.kitemq.broker.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.EmbeddedCluster;
import io.kitemq.store.FlushMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.store.ReadOffsetType;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Committed offsets carry a consumer group across a consumer restart. A first official 5.5.0 push
 * consumer consumes the first half of the messages and is shut down cleanly, which persists its offsets
 * to our broker; the second half is sent; a new consumer of the group — told to start from the FIRST
 * offset where it has none — must continue at the committed offsets: it gets exactly the second half.
 * Everything of the first half was acknowledged before the shutdown, so at-least-once allows no
 * re-delivery here: the bound is zero.
 */
class OffsetResumeIT {

    private static final String TOPIC = "OffsetResume";
    private static final String GROUP = "c-offset-resume";
    private static final int HALF = 50;

    @TempDir
    static Path dir;

    static EmbeddedCluster cluster;
    static OfficialClients clients;
    static DefaultMQProducer producer;

    @BeforeAll
    static void start() throws Exception {
        cluster = new EmbeddedCluster(dir, FlushMode.ASYNC);
        clients = new OfficialClients(cluster);
        producer = clients.producer("p-offset-resume");
    }

    @AfterAll
    static void stop() {
        clients.close();
        cluster.close();
    }

    static Set<String> send(String prefix) throws Exception {
        Set<String> sent = new TreeSet<>();
        for (int i = 0; i < HALF; i++) {
            String body = prefix + "-" + i;
            assertThat(producer.send(new Message(TOPIC, "TagA", body.getBytes(StandardCharsets.UTF_8)))
                            .getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
            sent.add(body);
        }
        return sent;
    }

    DefaultMQPushConsumer consumer(Deliveries into, int persistIntervalMillis) throws Exception {
        DefaultMQPushConsumer c = clients.pushConsumer(GROUP, TOPIC, "*", MessageModel.CLUSTERING);
        c.setPersistConsumerOffsetInterval(persistIntervalMillis);
        c.registerMessageListener(into.acknowledgingListener());
        c.start();
        return c;
    }

    @Test
    void aRestartedConsumerContinuesAtTheCommittedOffsets() throws Exception {
        Topics.create(cluster, TOPIC, 4);
        Set<String> firstHalf = send("first");
        Deliveries gotFirst = new Deliveries();
        // no periodic persist during the test: the broker learns offsets from pulls and from the shutdown
        DefaultMQPushConsumer first = consumer(gotFirst, 600_000);
        await().atMost(Duration.ofSeconds(20)).until(() -> gotFirst.containsAll(firstHalf));
        assertThat(gotFirst.distinct()).containsExactlyElementsOf(firstHalf);

        Map<Integer, Long> ends = new TreeMap<>();
        for (int q = 0; q < 4; q++) {
            ends.put(q, cluster.broker.store().maxOffset(TOPIC, q));
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> inMemoryOffsets(first).equals(ends));
        first.shutdown();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.broker.offsets().offsets(GROUP, TOPIC).equals(ends));

        Set<String> secondHalf = send("second");
        Deliveries gotSecond = new Deliveries();
        consumer(gotSecond, 1000);
        await().atMost(Duration.ofSeconds(20)).until(() -> gotSecond.containsAll(secondHalf));
        assertThat(gotSecond.distinct()).as("what the restarted consumer got").containsExactlyElementsOf(secondHalf);
        assertThat(gotSecond.duplicates()).as("duplicate deliveries").isZero();
    }

    /** The offsets the consumer acknowledged, as its offset store holds them, by queue id. */
    private static Map<Integer, Long> inMemoryOffsets(DefaultMQPushConsumer c) {
        Map<Integer, Long> offsets = new TreeMap<>();
        for (int q = 0; q < 4; q++) {
            MessageQueue mq = new MessageQueue(TOPIC, cluster.broker.config().brokerName(), q);
            offsets.put(q, c.getOffsetStore().readOffset(mq, ReadOffsetType.READ_FROM_MEMORY));
        }
        return offsets;
    }
}
