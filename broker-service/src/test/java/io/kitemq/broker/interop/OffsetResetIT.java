package io.kitemq.broker.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.EmbeddedCluster;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.ResetOffsetRequestHeader;
import io.kitemq.remoting.ClientConfig;
import io.kitemq.remoting.RemotingClient;
import io.kitemq.store.FlushMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
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
 * Resetting a consumer group's offsets while its official 5.5.0 push consumer is online
 * (INVOKE_BROKER_TO_RESET_OFFSET, what {@code mqadmin resetOffsetByTime} sends): back to a point in time
 * (the consumer receives again exactly what was stored from then on, nothing older), and forward to the
 * latest offset (a backlog the consumer had not pulled yet is skipped; what is sent afterwards arrives).
 * The 5.5.0 client pauses 10 s inside every reset before it continues from the new offsets.
 */
class OffsetResetIT {

    private static final String TOPIC = "OffsetResetTopic";
    private static final String GROUP = "c-reset";

    @TempDir
    static Path dir;

    static EmbeddedCluster cluster;
    static OfficialClients clients;
    static DefaultMQProducer producer;
    static RemotingClient admin;
    static final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    static final AtomicLong lastStoreTime = new AtomicLong();

    @BeforeAll
    static void start() throws Exception {
        cluster = new EmbeddedCluster(dir, FlushMode.ASYNC);
        clients = new OfficialClients(cluster);
        admin = new RemotingClient(ClientConfig.defaults("interop-reset-admin"));
        Topics.create(cluster, TOPIC, 2);
        producer = clients.producer("p-reset");
    }

    @AfterAll
    static void stop() {
        admin.shutdown();
        clients.close();
        cluster.close();
    }

    static int count(String body) {
        AtomicInteger n = counts.get(body);
        return n == null ? 0 : n.get();
    }

    static void send(String prefix, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Message m = new Message(TOPIC, "TagR", (prefix + "-" + i).getBytes(StandardCharsets.UTF_8));
            assertThat(producer.send(
                                    m,
                                    new MessageQueue(
                                            TOPIC, cluster.broker.config().brokerName(), i % 2))
                            .getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
        }
    }

    static boolean each(String prefix, int n, int times) {
        for (int i = 0; i < n; i++) {
            if (count(prefix + "-" + i) != times) {
                return false;
            }
        }
        return true;
    }

    static void reset(long timestamp) {
        RemotingCommand r = admin.invokeSync(
                cluster.broker.address(),
                RemotingCommand.request(
                        RequestCode.INVOKE_BROKER_TO_RESET_OFFSET.code(),
                        new ResetOffsetRequestHeader(GROUP, TOPIC, -1, null, timestamp, true, null)),
                Duration.ofSeconds(5));
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS.code());
    }

    /** Waits (up to the client's 10 s reset pause and a rebalance) until {@code done}, nudging the rebalance. */
    static void awaitAfterReset(DefaultMQPushConsumer consumer, BooleanSupplier done) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (done.getAsBoolean()) {
                        return true;
                    }
                    consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().rebalanceImmediately();
                    return false;
                });
    }

    @Test
    void onlineConsumerContinuesFromTheResetPosition() throws Exception {
        DefaultMQPushConsumer consumer = clients.pushConsumer(GROUP, TOPIC, "*", MessageModel.CLUSTERING);
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> {
                counts.computeIfAbsent(new String(m.getBody(), StandardCharsets.UTF_8), b -> new AtomicInteger())
                        .incrementAndGet();
                lastStoreTime.accumulateAndGet(m.getStoreTimestamp(), Math::max);
            });
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();

        send("a", 10);
        await().atMost(Duration.ofSeconds(20)).until(() -> each("a", 10, 1));
        long afterA = lastStoreTime.get() + 1;
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > afterA);
        send("b", 6);
        await().atMost(Duration.ofSeconds(20)).until(() -> each("b", 6, 1));

        // back in time: everything stored from afterA on (the b's) comes again, the a's do not
        reset(afterA);
        awaitAfterReset(consumer, () -> each("b", 6, 2));
        assertThat(each("a", 10, 1)).as("a's delivered once: %s", counts).isTrue();

        // forward to the latest: a backlog the paused consumer has not pulled is skipped
        consumer.suspend();
        send("x", 2); // answers the pulls held before the pause; no new pull goes out while paused
        await().atMost(Duration.ofSeconds(20)).until(() -> each("x", 2, 1));
        send("c", 6);
        // "latest" is the queues' max offset when the broker handles the reset; queue entries follow the
        // CommitLog asynchronously (as in RocketMQ), so let them take in the whole backlog first
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.broker.store().maxOffset(TOPIC, 0)
                                + cluster.broker.store().maxOffset(TOPIC, 1)
                        == 10 + 6 + 2 + 6);
        reset(-1);
        awaitAfterReset(
                consumer,
                () -> !consumer.getDefaultMQPushConsumerImpl().isPause()
                        && OfficialClients.allocated(consumer, TOPIC).size() == 2);
        send("d", 6);
        await().atMost(Duration.ofSeconds(20)).until(() -> each("d", 6, 1));
        assertThat(counts.keySet()).as("the skipped backlog").noneMatch(b -> b.startsWith("c-"));
    }
}
