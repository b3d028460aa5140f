package io.kitemq.test.consumer;

import static io.kitemq.test.consumer.ConsumerFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.client.consumer.ConcurrentListener;
import io.kitemq.client.consumer.ConsumeResult;
import io.kitemq.client.consumer.OrderlyListener;
import io.kitemq.client.consumer.PushConsumer;
import io.kitemq.client.consumer.PushConsumerConfig;
import io.kitemq.client.consumer.Subscription;
import io.kitemq.client.litepull.LitePullConfig;
import io.kitemq.client.litepull.LitePullConsumer;
import io.kitemq.peer.BrokerOptions;
import io.kitemq.peer.RocketMqPeer;
import io.kitemq.protocol.body.ConsumeFromWhere;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageQueue;
import io.kitemq.protocol.message.TopicName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our consumers against the official Apache RocketMQ 5.5.0 NameServer + Broker (separate JVMs, started
 * once for all scenarios): retries through CONSUMER_SEND_MSG_BACK and the retry topic, the dead-letter
 * topic after maxReconsumeTimes, clustering, orderly queue locks and lite pull. The broker's delay levels
 * are all 1 s so retries come back quickly.
 */
class OfficialBrokerConsumerIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    static RocketMqPeer nameServer;
    static RocketMqPeer broker;
    static ConsumerFixture fx;
    final List<PushConsumer> consumers = new ArrayList<>();

    @BeforeAll
    static void start() {
        nameServer = RocketMqPeer.startNameServer(dir.resolve("namesrv"));
        broker = RocketMqPeer.startBroker(
                dir.resolve("broker"),
                nameServer.address(),
                BrokerOptions.defaults()
                        .withBrokerName("official-c")
                        .withProperty("messageDelayLevel", String.join(" ", java.util.Collections.nCopies(18, "1s")))
                        .withProperty("enablePropertyFilter", "true"));
        fx = new ConsumerFixture(nameServer.address(), broker.address(), dir.resolve("offsets"));
        await().atMost(WAIT).until(() -> !fx.admin.brokers().isEmpty());
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (nameServer != null) {
            nameServer.close();
        }
    }

    @AfterEach
    void closeConsumers() {
        consumers.forEach(PushConsumer::close);
    }

    private PushConsumer consumer(
            PushConsumerConfig config, String topic, io.kitemq.client.consumer.MessageListener l) {
        PushConsumer c = PushConsumer.start(fx.client, config, List.of(Subscription.all(topic)), l);
        consumers.add(c);
        return c;
    }

    private PushConsumerConfig config(String group) {
        return fx.config(group).withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    }

    @Test
    void failedMessagesComeBackThroughTheRetryTopicWithTheirReconsumeCount() {
        String topic = fx.topic("OfficialRetry", 4);
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        Map<String, MessageExt> redelivered = new ConcurrentHashMap<>();
        ConcurrentListener listener = (messages, context) -> {
            MessageExt m = messages.get(0);
            if (failedOnce.add(body(m))) {
                if (body(m).endsWith("3")) {
                    throw new IllegalStateException("listener blew up on " + body(m));
                }
                return ConsumeResult.RETRY;
            }
            redelivered.put(body(m), m);
            return ConsumeResult.SUCCESS;
        };
        consumer(config("g-official-retry"), topic, listener);
        List<String> sent = fx.send(topic, "TagR", "r", 20);

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(redelivered.keySet()).containsExactlyInAnyOrderElementsOf(sent));
        assertThat(redelivered.values()).allSatisfy(m -> {
            assertThat(m.getReconsumeTimes()).isEqualTo(1);
            assertThat(m.getTopic()).as("retry topic mapped back").isEqualTo(topic);
            assertThat(m.getTags()).isEqualTo("TagR");
        });
    }

    @Test
    void aMessageThatAlwaysFailsEndsInTheDeadLetterTopicAfterMaxReconsumeTimes() {
        String topic = fx.topic("OfficialDlq", 1);
        String group = "g-official-dlq";
        AtomicInteger deliveries = new AtomicInteger();
        consumer(config(group).withMaxReconsumeTimes(2), topic, (ConcurrentListener) (messages, context) -> {
            deliveries.incrementAndGet();
            return ConsumeResult.RETRY;
        });
        String id = fx.producer
                .send(new Message(topic, "x", "doomed".getBytes(StandardCharsets.UTF_8)))
                .msgId();

        String dlq = TopicName.DLQ_PREFIX + group;
        await().atMost(WAIT).until(() -> fx.admin.topics().list().contains(dlq));
        try (LitePullConsumer reader = LitePullConsumer.start(
                fx.client,
                LitePullConfig.defaults("g-dlq-reader")
                        .withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                        .withAutoCommit(null))) {
            reader.assign(reader.fetchQueues(dlq));
            List<MessageExt> dead = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                dead.addAll(reader.poll(Duration.ofMillis(200)));
                return !dead.isEmpty();
            });
            assertThat(dead).singleElement().satisfies(m -> {
                assertThat(body(m)).isEqualTo("doomed");
                assertThat(m.getUniqKey()).isEqualTo(id);
            });
        }
        assertThat(deliveries.get()).as("first delivery + 2 reconsumes").isEqualTo(3);
    }

    @Test
    void clusteringAndOrderlyWorkAgainstTheOfficialBroker() {
        String topic = fx.topic("OfficialOrderly", 4);
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        OrderlyListener listener = (messages, context) -> {
            for (MessageExt m : messages) {
                String[] parts = body(m).split(":");
                seen.computeIfAbsent(parts[0], k -> new CopyOnWriteArrayList<>())
                        .add(Integer.parseInt(parts[1]));
            }
            return ConsumeResult.SUCCESS;
        };
        PushConsumer a = consumer(config("g-official-orderly"), topic, listener);
        PushConsumer b = consumer(config("g-official-orderly"), topic, listener);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(a.assignedQueues())
                    .filteredOn(q -> q.topic().equals(topic))
                    .hasSize(2);
            assertThat(b.assignedQueues())
                    .filteredOn(q -> q.topic().equals(topic))
                    .hasSize(2);
        });
        for (int i = 0; i < 25; i++) {
            for (int k = 0; k < 6; k++) {
                String body = "k" + k + ":" + i;
                fx.producer.sendOrdered(new Message(topic, "o", body.getBytes(StandardCharsets.UTF_8)), "k" + k);
            }
        }
        List<Integer> expected = IntStream.range(0, 25).boxed().toList();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(seen).hasSize(6);
            seen.values().forEach(v -> assertThat(v).hasSize(25));
        });
        seen.forEach((key, order) -> assertThat(order).as(key).containsExactlyElementsOf(expected));
    }

    @Test
    void sqlSubscriptionIsCheckedAndFilteredByTheOfficialBroker() {
        String topic = fx.topic("OfficialSql", 2);
        List<String> wanted = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Message m = new Message(topic, "s", ("s" + i).getBytes(StandardCharsets.UTF_8));
            m.putUserProperty("n", String.valueOf(i));
            fx.producer.send(m);
            if (i >= 3 && i <= 5) {
                wanted.add("s" + i);
            }
        }
        List<String> got = new CopyOnWriteArrayList<>();
        PushConsumer c = PushConsumer.start(
                fx.client,
                config("g-official-sql"),
                List.of(Subscription.sql(topic, "n BETWEEN 3 AND 5")),
                (ConcurrentListener) (messages, context) -> {
                    messages.forEach(m -> got.add(body(m)));
                    return ConsumeResult.SUCCESS;
                });
        consumers.add(c);
        await().atMost(WAIT)
                .until(() -> c.offsets().entrySet().stream()
                                .filter(e -> e.getKey().topic().equals(topic))
                                .mapToLong(Map.Entry::getValue)
                                .sum()
                        == 10);
        assertThat(got).containsExactlyInAnyOrderElementsOf(wanted);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PushConsumer.start(
                        fx.client,
                        config("g-official-sql-bad"),
                        List.of(Subscription.sql(topic, "n BETWEEN AND")),
                        (ConcurrentListener) (messages, context) -> ConsumeResult.SUCCESS))
                .isInstanceOf(io.kitemq.client.FatalClientException.class)
                .hasMessageContaining("SUBSCRIPTION_PARSE_FAILED");
    }

    @Test
    void litePullSeeksAndCommitsOnTheOfficialBroker() {
        String topic = fx.topic("OfficialLite", 1);
        fx.send(topic, "t", "l", 10);
        try (LitePullConsumer c = LitePullConsumer.start(
                fx.client,
                LitePullConfig.defaults("g-official-lite")
                        .withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                        .withAutoCommit(null))) {
            MessageQueue q = c.fetchQueues(topic).get(0);
            c.assign(List.of(q));
            List<MessageExt> got = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                got.addAll(c.poll(Duration.ofMillis(200)));
                return got.size() >= 10;
            });
            assertThat(got)
                    .extracting(MessageExt::getQueueOffset)
                    .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            c.seek(q, 6);
            List<MessageExt> again = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                again.addAll(c.poll(Duration.ofMillis(200)));
                return again.size() >= 4;
            });
            assertThat(again).extracting(MessageExt::getQueueOffset).containsExactly(6L, 7L, 8L, 9L);
            c.commitSync();
            assertThat(c.committed(q)).isEqualTo(10);
        }
    }
}
