package io.kitemq.broker.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.EmbeddedCluster;
import io.kitemq.store.FlushMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 5.5.0 producer's send modes — sync, async with a callback, oneway, batch — against our
 * broker; a push consumer then accounts for every message. Delivery is at-least-once, but nothing here
 * fails, rebalances or restarts, so every message must arrive exactly once: no loss, no stranger, no
 * duplicate.
 */
class SendModesIT {

    private static final int COUNT = 100;

    @TempDir
    static Path dir;

    static EmbeddedCluster cluster;
    static OfficialClients clients;
    static DefaultMQProducer producer;

    @BeforeAll
    static void start() throws Exception {
        cluster = new EmbeddedCluster(dir, FlushMode.ASYNC);
        clients = new OfficialClients(cluster);
        producer = clients.producer("p-send-modes");
    }

    @AfterAll
    static void stop() {
        clients.close();
        cluster.close();
    }

    static Message message(String topic, String body) {
        return new Message(topic, "TagA", body, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void syncSendsAreAcknowledgedAndConsumedOnce() throws Exception {
        String topic = Topics.create(cluster, "SendSync", 4);
        Set<String> sent = new TreeSet<>();
        Set<String> msgIds = new TreeSet<>();
        Set<String> positions = new TreeSet<>();
        for (int i = 0; i < COUNT; i++) {
            SendResult r = producer.send(message(topic, "sync-" + i));
            assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            assertThat(r.getOffsetMsgId()).hasSize(32);
            msgIds.add(r.getMsgId());
            positions.add(r.getMessageQueue().getQueueId() + "@" + r.getQueueOffset());
            sent.add("sync-" + i);
        }
        assertThat(msgIds).as("client message ids").hasSize(COUNT);
        assertThat(positions).as("queue positions").hasSize(COUNT);
        assertConsumedExactlyOnce(topic, "c-send-sync", sent);
    }

    @Test
    void asyncSendsCallBackWithSuccessAndAreConsumedOnce() throws Exception {
        String topic = Topics.create(cluster, "SendAsync", 4);
        Map<String, SendResult> acked = new ConcurrentHashMap<>();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Set<String> sent = new TreeSet<>();
        for (int i = 0; i < COUNT; i++) {
            String body = "async-" + i;
            sent.add(body);
            producer.send(message(topic, body), new SendCallback() {
                @Override
                public void onSuccess(SendResult r) {
                    acked.put(body, r);
                }

                @Override
                public void onException(Throwable e) {
                    failures.add(e);
                }
            });
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> acked.size() + failures.size() == COUNT);
        assertThat(failures).isEmpty();
        assertThat(acked.values()).allSatisfy(r -> assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK));
        assertConsumedExactlyOnce(topic, "c-send-async", sent);
    }

    @Test
    void onewaySendsAreAllConsumedOnce() throws Exception {
        String topic = Topics.create(cluster, "SendOneway", 4);
        Set<String> sent = new TreeSet<>();
        for (int i = 0; i < COUNT; i++) {
            producer.sendOneway(message(topic, "oneway-" + i));
            sent.add("oneway-" + i);
        }
        assertConsumedExactlyOnce(topic, "c-send-oneway", sent);
    }

    @Test
    void batchSendsReturnOneIdPerMessageAndAreConsumedOnce() throws Exception {
        String topic = Topics.create(cluster, "SendBatch", 4);
        Set<String> sent = new TreeSet<>();
        for (int batch = 0; batch < 2; batch++) {
            List<Message> messages = new ArrayList<>();
            for (int i = 0; i < COUNT / 2; i++) {
                String body = "batch-" + batch + "-" + i;
                messages.add(message(topic, body));
                sent.add(body);
            }
            SendResult r = producer.send(messages);
            assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            assertThat(r.getMsgId().split(","))
                    .as("client ids of the batch")
                    .hasSize(COUNT / 2)
                    .doesNotHaveDuplicates();
            assertThat(r.getOffsetMsgId().split(","))
                    .as("offset ids of the batch")
                    .hasSize(COUNT / 2)
                    .doesNotHaveDuplicates();
            assertThat(Arrays.stream(r.getOffsetMsgId().split(",")).map(String::length))
                    .containsOnly(32);
        }
        assertConsumedExactlyOnce(topic, "c-send-batch", sent);
    }

    private static void assertConsumedExactlyOnce(String topic, String group, Set<String> sent) throws Exception {
        Deliveries got = new Deliveries();
        DefaultMQPushConsumer consumer = clients.pushConsumer(group, topic, "*", MessageModel.CLUSTERING);
        consumer.registerMessageListener(got.acknowledgingListener());
        consumer.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> got.distinctCount() >= sent.size());
        assertThat(got.distinct()).containsExactlyElementsOf(sent);
        assertThat(got.duplicates()).as("duplicate deliveries").isZero();
    }
}
