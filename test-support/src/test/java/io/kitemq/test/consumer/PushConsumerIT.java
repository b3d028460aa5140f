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
import io.kitemq.protocol.body.ConsumeFromWhere;
import io.kitemq.protocol.body.MessageModel;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageQueue;
import io.kitemq.test.EmbeddedKiteMq;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our push consumer end to end against the embedded KiteMQ NameServer + Broker. */
class PushConsumerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static EmbeddedKiteMq mq;
    static ConsumerFixture fx;
    final List<PushConsumer> consumers = new ArrayList<>();

    @BeforeAll
    static void start() {
        mq = EmbeddedKiteMq.start(dir.resolve("mq"));
        fx = new ConsumerFixture(mq.nameServerAddress(), mq.brokerAddress(), dir.resolve("offsets"));
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
        if (mq != null) {
            mq.close();
        }
    }

    @AfterEach
    void closeConsumers() {
        consumers.forEach(PushConsumer::close);
    }

    private PushConsumer consumer(PushConsumerConfig config, String topic, String expr, ConcurrentListener l) {
        PushConsumer c = PushConsumer.start(fx.client, config, List.of(Subscription.of(topic, expr)), l);
        consumers.add(c);
        return c;
    }

    /** Records bodies per consumer. */
    static ConcurrentListener recorder(Queue<MessageExt> into) {
        return (messages, context) -> {
            into.addAll(messages);
            return ConsumeResult.SUCCESS;
        };
    }

    static Set<String> bodies(Queue<MessageExt> received) {
        Set<String> out = new HashSet<>();
        received.forEach(m -> out.add(body(m)));
        return out;
    }

    @Test
    void clusteringSplitsQueuesBetweenTwoConsumersAndDeliversEveryMessage() {
        String topic = fx.topic("PushCluster", 8);
        PushConsumerConfig config =
                fx.config("g-cluster").withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        Queue<MessageExt> a = new ConcurrentLinkedQueue<>();
        Queue<MessageExt> b = new ConcurrentLinkedQueue<>();
        PushConsumer ca = consumer(config, topic, "*", recorder(a));
        PushConsumer cb = consumer(config, topic, "*", recorder(b));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(ca.assignedQueues())
                    .filteredOn(q -> q.topic().equals(topic))
                    .hasSize(4);
            assertThat(cb.assignedQueues())
                    .filteredOn(q -> q.topic().equals(topic))
                    .hasSize(4);
        });
        Set<MessageQueue> split = new HashSet<>(ca.assignedQueues());
        split.retainAll(cb.assignedQueues());
        assertThat(split).as("no queue owned twice").isEmpty();

        List<String> sent = fx.send(topic, "t", "c", 200);

        await().atMost(WAIT).untilAsserted(() -> {
            Set<String> all = bodies(a);
            all.addAll(bodies(b));
            assertThat(all).containsExactlyInAnyOrderElementsOf(sent);
        });
        assertThat(a)
                .isNotEmpty()
                .allSatisfy(m -> assertThat(ca.assignedQueues()).contains(queueOf(m)));
        assertThat(b)
                .isNotEmpty()
                .allSatisfy(m -> assertThat(cb.assignedQueues()).contains(queueOf(m)));
    }

    private static MessageQueue queueOf(MessageExt m) {
        return new MessageQueue(m.getTopic(), m.getBrokerName(), m.getQueueId());
    }

    @Test
    void broadcastingDeliversEveryMessageToEveryConsumer() {
        String topic = fx.topic("PushBroadcast", 4);
        PushConsumerConfig config = fx.config("g-broadcast")
                .withMessageModel(MessageModel.BROADCASTING)
                .withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        Queue<MessageExt> a = new ConcurrentLinkedQueue<>();
        Queue<MessageExt> b = new ConcurrentLinkedQueue<>();
        PushConsumer ca = consumer(config, topic, "*", recorder(a));
        PushConsumer cb = consumer(config, topic, "*", recorder(b));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(ca.assignedQueues()).hasSize(4);
            assertThat(cb.assignedQueues()).hasSize(4);
        });
        List<String> sent = fx.send(topic, "t", "b", 60);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(bodies(a)).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(bodies(b)).containsExactlyInAnyOrderElementsOf(sent);
        });
        ca.close();
        assertThat(dir.resolve("offsets")).isDirectoryRecursivelyContaining("glob:**/g-broadcast/offsets.json");
    }

    @Test
    void tagExpressionSelectsOnlyItsTags() {
        String topic = fx.topic("PushTags", 4);
        Queue<MessageExt> got = new ConcurrentLinkedQueue<>();
        consumer(
                fx.config("g-tags").withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET),
                topic,
                "TagA || TagC",
                recorder(got));
        List<String> wanted = new ArrayList<>(fx.send(topic, "TagA", "a", 20));
        fx.send(topic, "TagB", "b", 20);
        wanted.addAll(fx.send(topic, "TagC", "c", 20));
        fx.send(topic, null, "none", 5);
        List<String> marker = fx.send(topic, "TagA", "last", 1);
        wanted.addAll(marker);

        await().atMost(WAIT).untilAsserted(() -> assertThat(bodies(got)).containsAll(wanted));
        assertThat(bodies(got)).containsExactlyInAnyOrderElementsOf(wanted);
        assertThat(got).extracting(Message::getTags).containsOnly("TagA", "TagC");
    }

    @Test
    void orderlyConsumptionKeepsEachKeysOrder() {
        String topic = fx.topic("PushOrderly", 4);
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        OrderlyListener listener = (messages, context) -> {
            for (MessageExt m : messages) {
                String[] parts = body(m).split(":");
                // fail the first delivery of every 7th message: the queue must retry it before anything later
                if (Integer.parseInt(parts[1]) % 7 == 3 && failedOnce.add(body(m))) {
                    throw new IllegalStateException("simulated failure of " + body(m));
                }
                seen.computeIfAbsent(parts[0], k -> new CopyOnWriteArrayList<>())
                        .add(Integer.parseInt(parts[1]));
            }
            return ConsumeResult.SUCCESS;
        };
        PushConsumer c = PushConsumer.start(
                fx.client,
                fx.config("g-orderly").withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET),
                List.of(Subscription.all(topic)),
                listener);
        consumers.add(c);
        int keys = 8;
        int perKey = 40;
        for (int i = 0; i < perKey; i++) {
            for (int k = 0; k < keys; k++) {
                String body = "key" + k + ":" + i;
                fx.producer.sendOrdered(new Message(topic, "o", body.getBytes(StandardCharsets.UTF_8)), "key" + k);
            }
        }
        List<Integer> expected =
                java.util.stream.IntStream.range(0, perKey).boxed().toList();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(seen).hasSize(keys);
            seen.values().forEach(v -> assertThat(v).hasSize(perKey));
        });
        seen.forEach((key, order) -> assertThat(order).as(key).containsExactlyElementsOf(expected));
        assertThat(failedOnce).isNotEmpty();
    }

    @Test
    void offsetsSurviveAConsumerRestart() {
        String topic = fx.topic("PushRestart", 4);
        PushConsumerConfig config =
                fx.config("g-restart").withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        Queue<MessageExt> first = new ConcurrentLinkedQueue<>();
        PushConsumer c1 = consumer(config, topic, "*", recorder(first));
        List<String> before = fx.send(topic, "t", "before", 40);
        await().atMost(WAIT).untilAsserted(() -> assertThat(bodies(first)).containsExactlyInAnyOrderElementsOf(before));
        c1.close();

        List<String> after = fx.send(topic, "t", "after", 40);
        Queue<MessageExt> second = new ConcurrentLinkedQueue<>();
        consumer(config, topic, "*", recorder(second));
        await().atMost(WAIT).untilAsserted(() -> assertThat(bodies(second)).containsAll(after));
        assertThat(bodies(second))
                .as("nothing consumed before the restart comes again")
                .containsExactlyInAnyOrderElementsOf(after);
    }

    @Test
    void newGroupsStartWhereConsumeFromWhereSays() {
        String topic = fx.topic("PushFromWhere", 4);
        List<String> old = fx.send(topic, "t", "old", 20);
        // brokers answer a timestamp search with the message stored NEAREST to it (RocketMQ's rule), so
        // leave a clear gap after the old messages and take the boundary right before the mid ones
        long oldDone = System.currentTimeMillis();
        await().atMost(WAIT).until(() -> System.currentTimeMillis() > oldDone + 1_500);
        long boundary = System.currentTimeMillis();
        List<String> mid = fx.send(topic, "t", "mid", 20);

        Queue<MessageExt> first = new ConcurrentLinkedQueue<>();
        Queue<MessageExt> last = new ConcurrentLinkedQueue<>();
        Queue<MessageExt> byTime = new ConcurrentLinkedQueue<>();
        PushConsumer cFirst = consumer(
                fx.config("g-first").withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET),
                topic,
                "*",
                recorder(first));
        PushConsumer cLast = consumer(fx.config("g-last"), topic, "*", recorder(last));
        PushConsumer cTime = consumer(fx.config("g-time").withConsumeTimestamp(boundary), topic, "*", recorder(byTime));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(cFirst.assignedQueues()).hasSize(4);
            assertThat(cLast.assignedQueues()).hasSize(4);
            assertThat(cTime.assignedQueues()).hasSize(4);
        });
        List<String> fresh = fx.send(topic, "t", "new", 20);

        List<String> all = new ArrayList<>(old);
        all.addAll(mid);
        all.addAll(fresh);
        List<String> sinceBoundary = new ArrayList<>(mid);
        sinceBoundary.addAll(fresh);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(bodies(first)).containsExactlyInAnyOrderElementsOf(all);
            assertThat(bodies(last)).containsExactlyInAnyOrderElementsOf(fresh);
            assertThat(bodies(byTime)).containsExactlyInAnyOrderElementsOf(sinceBoundary);
        });
    }

    @Test
    void aThrowingListenerIsRetriedLocallyWhenTheBrokerCannotTakeMessagesBack() {
        String topic = fx.topic("PushThrows", 4);
        Set<String> thrownOnce = ConcurrentHashMap.newKeySet();
        Map<String, Integer> reconsumeTimes = new ConcurrentHashMap<>();
        ConcurrentListener listener = (messages, context) -> {
            for (MessageExt m : messages) {
                if (thrownOnce.add(body(m))) {
                    throw new IllegalStateException("first delivery of " + body(m) + " fails");
                }
                reconsumeTimes.put(body(m), m.getReconsumeTimes());
            }
            return ConsumeResult.SUCCESS;
        };
        consumer(
                fx.config("g-throws").withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET),
                topic,
                "*",
                listener);
        List<String> sent = fx.send(topic, "t", "x", 30);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(reconsumeTimes.keySet()).containsExactlyInAnyOrderElementsOf(sent));
        assertThat(reconsumeTimes.values())
                .as("each came back once, locally, counted")
                .containsOnly(1);
    }

    @Test
    void aBrokerOffsetResetRestartsTheQueuesAtTheNewOffsets() {
        String topic = fx.topic("PushReset", 2);
        Queue<MessageExt> got = new ConcurrentLinkedQueue<>();
        consumer(
                fx.config("g-reset").withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET),
                topic,
                "*",
                recorder(got));
        List<String> sent = fx.send(topic, "t", "r", 30);
        await().atMost(WAIT).untilAsserted(() -> assertThat(bodies(got)).containsExactlyInAnyOrderElementsOf(sent));
        got.clear();

        fx.admin.groups().resetOffsets("g-reset", topic, io.kitemq.client.admin.GroupAdmin.EARLIEST);

        await().atMost(WAIT).untilAsserted(() -> assertThat(bodies(got)).containsExactlyInAnyOrderElementsOf(sent));
    }

    @Test
    void aSlowListenerPausesPullsUntilTheQueueDrains() throws Exception {
        String topic = fx.topic("PushFlowControl", 1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Queue<MessageExt> got = new ConcurrentLinkedQueue<>();
        PushConsumer c = consumer(
                fx.config("g-flow")
                        .withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                        .withConsumeThreads(2)
                        .withBatchSizes(8, 1)
                        .withFlowControl(new io.kitemq.client.consumer.FlowControl(10, 100L << 20, 2_000)),
                topic,
                "*",
                (messages, context) -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return ConsumeResult.RETRY;
                    }
                    got.addAll(messages);
                    return ConsumeResult.SUCCESS;
                });
        List<String> sent = fx.send(topic, "t", "f", 100);
        await().atMost(WAIT).until(() -> c.flowControlPauses() > 0);
        assertThat(got).isEmpty();
        release.countDown();
        await().atMost(WAIT).untilAsserted(() -> assertThat(bodies(got)).containsExactlyInAnyOrderElementsOf(sent));
    }

    @Test
    void aMemberJoiningTriggersARebalanceAndCloseReleasesEveryThread() {
        String topic = fx.topic("PushMembership", 4);
        PushConsumerConfig config = fx.config("g-members")
                .withPeriods(Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofSeconds(20));
        PushConsumer a = consumer(config, topic, "*", recorder(new ConcurrentLinkedQueue<>()));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(a.assignedQueues())
                        .filteredOn(q -> q.topic().equals(topic))
                        .hasSize(4));
        PushConsumer b = consumer(config, topic, "*", recorder(new ConcurrentLinkedQueue<>()));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(a.assignedQueues())
                    .filteredOn(q -> q.topic().equals(topic))
                    .hasSize(2);
            assertThat(b.assignedQueues())
                    .filteredOn(q -> q.topic().equals(topic))
                    .hasSize(2);
        });
        a.close();
        b.close();
        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(Thread::isAlive)
                .extracting(Thread::getName)
                .noneMatch(name -> name.contains("g-members"));
    }
}
