package io.kitemq.broker.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.nameserver.NameServer;
import io.kitemq.nameserver.NameServerConfig;
import io.kitemq.nameserver.handler.NameServerMetrics;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetMaxOffsetRequestHeader;
import io.kitemq.remoting.ClientConfig;
import io.kitemq.remoting.RemotingClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our broker as a real process, killed with SIGKILL while it holds delayed messages (some already
 * delivered, some pending), timed messages and a message waiting for its retry: after the restart on the
 * same data every one of them is delivered (at least once; at most the ones delivered since the last
 * progress save come twice), none before its due time, and the retried message comes back with its msgId.
 */
class ScheduledKillIT {

    static final List<String> SHORT_LEVELS = List.of(
            "--kitemq.broker.schedule.message-delay-level=1s 2s 6s 6s",
            "--kitemq.broker.schedule.progress-persist-interval=1s");

    @TempDir
    Path dir;

    @Test
    void pendingDelayedTimedAndRetriedMessagesSurviveKillMinus9() throws Exception {
        NameServer ns = new NameServer(
                        NameServerConfig.defaults(dir.resolve("ns")).withListen("127.0.0.1", 0),
                        InstantSource.system(),
                        NameServerMetrics.NONE)
                .start();
        String nsAddr = "127.0.0.1:" + ns.port();
        int port = BrokerProcess.freePort();
        Path store = dir.resolve("broker");
        BrokerProcess broker =
                BrokerProcess.start(store, nsAddr, port, "SYNC", dir.resolve("broker-1.log"), SHORT_LEVELS);
        // the broker registers just after its port opens: the producer needs the template route to send
        await().atMost(Duration.ofSeconds(30)).until(() -> ns.routes().route("TBW102", null) != null);
        DefaultMQProducer producer = new DefaultMQProducer("sched-kill-p");
        DefaultMQPushConsumer consumer = consumer(nsAddr, "sched-kill-c", "Later");
        DefaultMQPushConsumer failing = consumer(nsAddr, "sched-kill-retry", "Retried");
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        List<String> attempts = new CopyOnWriteArrayList<>();
        Map<String, Long> due = new HashMap<>();
        try {
            producer.setNamesrvAddr(nsAddr);
            producer.setInstanceName("sched-kill-p-" + System.nanoTime());
            producer.start();
            consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
                long now = System.currentTimeMillis();
                msgs.forEach(m -> arrivals.merge(m.getMsgId(), now, Math::min));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            failing.setMaxReconsumeTimes(3);
            failing.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
                msgs.forEach(m -> attempts.add(m.getMsgId() + "#" + m.getReconsumeTimes()));
                return msgs.get(0).getReconsumeTimes() == 0
                        ? ConsumeConcurrentlyStatus.RECONSUME_LATER
                        : ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            failing.start();

            String retried = producer.send(new Message("Retried", "retry-me".getBytes(StandardCharsets.UTF_8)))
                    .getMsgId();
            for (int i = 0; i < 5; i++) {
                send(producer, due, "level1-" + i, m -> m.setDelayTimeLevel(1), 1000);
                send(producer, due, "level3-" + i, m -> m.setDelayTimeLevel(3), 6000);
                send(producer, due, "timer-" + i, m -> m.setDelayTimeSec(6), 6000);
            }
            // some delayed messages delivered, the rest and the retry pending: kill
            await().atMost(Duration.ofSeconds(30)).until(() -> arrivals.size() >= 5 && attempts.size() >= 1);
            BrokerProcess first = broker;
            await().atMost(Duration.ofSeconds(10)).until(() -> maxOffset(first, "SCHEDULE_TOPIC_XXXX", 2) == 6);
            broker.kill();
            broker = BrokerProcess.start(store, nsAddr, port, "SYNC", dir.resolve("broker-2.log"), SHORT_LEVELS);

            await().atMost(Duration.ofSeconds(60)).until(() -> arrivals.keySet().containsAll(due.keySet()));
            await().atMost(Duration.ofSeconds(60)).until(() -> attempts.contains(retried + "#1"));
            due.forEach((id, at) -> assertThat(arrivals.get(id)).as(id).isGreaterThanOrEqualTo(at));
            assertThat(arrivals).hasSameSizeAs(due);
            assertThat(attempts).startsWith(retried + "#0");
        } finally {
            consumer.shutdown();
            failing.shutdown();
            producer.shutdown();
            broker.close();
            ns.close();
        }
    }

    private static DefaultMQPushConsumer consumer(String nsAddr, String group, String topic) throws Exception {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        c.setNamesrvAddr(nsAddr);
        c.setInstanceName(group + "-" + System.nanoTime());
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.setPersistConsumerOffsetInterval(500);
        c.setPollNameServerInterval(1000);
        c.setHeartbeatBrokerInterval(1000);
        c.subscribe(topic, "*");
        return c;
    }

    private static void send(
            DefaultMQProducer producer,
            Map<String, Long> due,
            String body,
            java.util.function.Consumer<Message> delay,
            long delayMs)
            throws Exception {
        Message m = new Message("Later", body.getBytes(StandardCharsets.UTF_8));
        delay.accept(m);
        long sent = System.currentTimeMillis();
        due.put(producer.send(m).getMsgId(), sent + delayMs);
    }

    private static long maxOffset(BrokerProcess broker, String topic, int queueId) {
        try (RemotingClient client = new RemotingClient(ClientConfig.defaults("sched-kill-probe"))) {
            RemotingCommand max = client.invokeSync(
                    broker.address(),
                    RemotingCommand.request(
                            RequestCode.GET_MAX_OFFSET.code(),
                            new GetMaxOffsetRequestHeader(topic, queueId, false, null)),
                    Duration.ofSeconds(3));
            return Long.parseLong(max.extField("offset"));
        }
    }
}
