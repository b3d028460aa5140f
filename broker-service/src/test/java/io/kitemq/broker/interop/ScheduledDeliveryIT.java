package io.kitemq.broker.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.Broker;
import io.kitemq.broker.BrokerConfig;
import io.kitemq.broker.BrokerMetrics;
import io.kitemq.broker.EmbeddedCluster;
import io.kitemq.broker.schedule.DelayLevels;
import io.kitemq.broker.schedule.ScheduleConfig;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.remoting.ClientConfig;
import io.kitemq.remoting.RemotingClient;
import io.kitemq.store.FlushMode;
import io.kitemq.store.MessageFilter;
import io.kitemq.store.StoreConfig;
import io.kitemq.store.StoreMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 5.5.0 client against our broker with short delay levels (1 s 2 s 3 s 1 s 1 s): delay levels
 * and timed messages arrive no earlier than due with their msgId; a push consumer whose listener always
 * fails sees a message 1 + maxReconsumeTimes times, then it is in {@code %DLQ%<group>} with its msgId; bad
 * delay values are refused with a clear error.
 */
class ScheduledDeliveryIT {

    @TempDir
    static Path dir;

    static EmbeddedCluster cluster;
    static OfficialClients clients;
    static DefaultMQProducer producer;

    @BeforeAll
    static void start() throws Exception {
        cluster = new EmbeddedCluster(dir, FlushMode.ASYNC);
        restartWith(ScheduleConfig.defaults().withDelayLevels(DelayLevels.parse("1s 2s 3s 1s 1s")));
        clients = new OfficialClients(cluster);
        producer = clients.producer("p-sched");
    }

    /** Replaces the cluster's broker by one with {@code schedule}, on a data dir of its own. */
    static void restartWith(ScheduleConfig schedule) {
        cluster.broker.close();
        StoreConfig store =
                StoreConfig.defaults(dir.resolve("scheduled-broker")).withSegmentBytes(64 << 20, 100_000);
        BrokerConfig config = BrokerConfig.defaults(store)
                .withListen("127.0.0.1", "127.0.0.1", 0)
                .withNameServers(List.of(cluster.nameServerAddress()))
                .withRegisterInterval(Duration.ofSeconds(5))
                .withSchedule(schedule);
        cluster.broker = new Broker(config, InstantSource.system(), BrokerMetrics.NONE, StoreMetrics.NONE).start();
    }

    @AfterAll
    static void stop() {
        clients.close();
        cluster.close();
    }

    /** A started consumer of {@code topic} recording each message with the time it arrived. */
    DefaultMQPushConsumer recording(String group, String topic, Map<String, Long> arrivals) throws Exception {
        DefaultMQPushConsumer c = clients.pushConsumer(group, topic, "*", MessageModel.CLUSTERING);
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            long now = System.currentTimeMillis();
            for (MessageExt m : msgs) {
                arrivals.putIfAbsent(m.getMsgId(), now);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        return c;
    }

    @Test
    void delayLevelsOneToThreeArriveNoEarlierThanDue() throws Exception {
        String topic = Topics.create(cluster, "DelayLevels", 2);
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        recording("c-levels", topic, arrivals);
        Map<String, Long> due = new ConcurrentHashMap<>();
        for (int level = 1; level <= 3; level++) {
            Message m = new Message(topic, ("level-" + level).getBytes(StandardCharsets.UTF_8));
            m.setDelayTimeLevel(level);
            long sent = System.currentTimeMillis();
            SendResult r = producer.send(m);
            due.put(r.getMsgId(), sent + level * 1000L);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> arrivals.keySet().containsAll(due.keySet()));
        due.forEach((id, at) -> assertThat(arrivals.get(id)).as(id).isGreaterThanOrEqualTo(at));
        assertThat(arrivals).hasSize(3);
        try (RemotingClient admin = new RemotingClient(ClientConfig.defaults("delay-offsets"))) {
            RemotingCommand offsets = admin.invokeSync(
                    cluster.broker.address(),
                    RemotingCommand.request(RequestCode.GET_ALL_DELAY_OFFSET.code()),
                    Duration.ofSeconds(3));
            assertThat(new String(offsets.body(), StandardCharsets.UTF_8))
                    .contains("\"offsetTable\"")
                    .doesNotContain("\"1\":0", "\"2\":0", "\"3\":0"); // other tests retry on levels 3+
        }
    }

    @Test
    void timedMessagesArriveNoEarlierThanTheirTime() throws Exception {
        String topic = Topics.create(cluster, "TimedMessages", 2);
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        recording("c-timed", topic, arrivals);
        Map<String, Long> due = new ConcurrentHashMap<>();

        Message at = new Message(topic, "at".getBytes(StandardCharsets.UTF_8));
        long deliverAt = System.currentTimeMillis() + 2500;
        at.setDeliverTimeMs(deliverAt);
        due.put(producer.send(at).getMsgId(), deliverAt);
        Message sec = new Message(topic, "sec".getBytes(StandardCharsets.UTF_8));
        sec.setDelayTimeSec(1);
        long sentSec = System.currentTimeMillis();
        due.put(producer.send(sec).getMsgId(), sentSec + 1000);
        Message ms = new Message(topic, "ms".getBytes(StandardCharsets.UTF_8));
        ms.setDelayTimeMs(1500);
        long sentMs = System.currentTimeMillis();
        due.put(producer.send(ms).getMsgId(), sentMs + 1500);

        await().atMost(Duration.ofSeconds(20)).until(() -> arrivals.keySet().containsAll(due.keySet()));
        due.forEach((id, t) -> assertThat(arrivals.get(id)).as(id).isGreaterThanOrEqualTo(t));
        assertThat(arrivals).hasSize(3);
    }

    @Test
    void aMessageFailingEveryTimeEndsInTheDlqWithItsMsgId() throws Exception {
        String topic = Topics.create(cluster, "AlwaysFails", 1);
        List<String> attempts = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer c = clients.pushConsumer("c-dlq", topic, "*", MessageModel.CLUSTERING);
        c.setMaxReconsumeTimes(2);
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                attempts.add(m.getMsgId() + "#" + m.getReconsumeTimes() + "@" + m.getTopic());
            }
            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
        });
        c.start();

        String id = producer.send(new Message(topic, "poison".getBytes(StandardCharsets.UTF_8)))
                .getMsgId();

        await().atMost(Duration.ofSeconds(40))
                .until(() -> cluster.broker.store().maxOffset("%DLQ%c-dlq", 0) == 1);
        assertThat(attempts).containsExactly(id + "#0@" + topic, id + "#1@" + topic, id + "#2@" + topic);
        var dlq = cluster.broker.store().get("%DLQ%c-dlq", 0, 0, 10, 1 << 20, MessageFilter.ALL);
        var dead = StoredMessageCodec.decode(dlq.records().get(0), true, false);
        assertThat(dead.getProperties())
                .containsEntry("UNIQ_KEY", id)
                .containsEntry("DLQ_ORIGIN_MESSAGE_ID", id)
                .containsEntry("DLQ_ORIGIN_TOPIC", topic)
                .containsEntry("RETRY_TOPIC", topic);
        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("poison");
        assertThat(cluster.broker.topics().get("%DLQ%c-dlq").perm()).isEqualTo(6);
    }

    @Test
    void badDelayValuesAreRefusedWithAClearError() throws Exception {
        String topic = Topics.create(cluster, "BadDelays", 1);
        Message negativeLevel = new Message(topic, "x".getBytes(StandardCharsets.UTF_8));
        negativeLevel.setDelayTimeLevel(-1);
        assertThatThrownBy(() -> producer.send(negativeLevel))
                .isInstanceOf(MQBrokerException.class)
                .hasMessageContaining("delay level (property DELAY) '-1' is invalid");

        Message negativeSec = new Message(topic, "x".getBytes(StandardCharsets.UTF_8));
        negativeSec.setDelayTimeSec(-5);
        assertThatThrownBy(() -> producer.send(negativeSec))
                .isInstanceOf(MQBrokerException.class)
                .hasMessageContaining("TIMER_DELAY_SEC is negative");

        Message tooFar = new Message(topic, "x".getBytes(StandardCharsets.UTF_8));
        tooFar.setDeliverTimeMs(System.currentTimeMillis() + Duration.ofDays(4).toMillis());
        assertThatThrownBy(() -> producer.send(tooFar))
                .isInstanceOf(MQBrokerException.class)
                .hasMessageContaining("bigger than the max delay");
        assertThat(cluster.broker.store().maxOffset(topic, 0)).isZero();
    }
}
