package io.kitemq.client.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kitemq.client.TopicNotFoundException;
import io.kitemq.client.core.ClientOptions;
import io.kitemq.peer.BrokerOptions;
import io.kitemq.peer.RocketMqPeer;
import io.kitemq.protocol.body.TopicRouteData;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageQueue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin client against the official Apache RocketMQ 5.5.0 NameServer and Broker (separate JVMs, one
 * pair for the class): topics, groups, message look-ups, consumer progress and offset reset with the
 * official push consumer online and offline, and resending real dead letters the official broker made.
 */
class AdminClientOfficialIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    static RocketMqPeer nameServer;
    static RocketMqPeer broker;
    static AdminClient admin;

    @BeforeAll
    static void start() {
        nameServer = RocketMqPeer.startNameServer(dir.resolve("namesrv"));
        broker = RocketMqPeer.startBroker(
                dir.resolve("broker"),
                nameServer.address(),
                BrokerOptions.defaults().withBrokerName("official-a").withClusterName("OfficialCluster"));
        admin = AdminClient.create(ClientOptions.of(nameServer.address()));
        await().atMost(WAIT).until(() -> !admin.brokers().isEmpty());
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (nameServer != null) {
            nameServer.close();
        }
    }

    @Test
    void managesTopicsOnTheOfficialBroker() {
        assertThat(admin.brokers())
                .singleElement()
                .isEqualTo(new BrokerInfo("OfficialCluster", "official-a", 0, broker.address()));
        String topic = "OfficialAdminTopic";
        admin.topics().createOrUpdate(TopicSpec.of(topic, 3), "OfficialCluster");
        awaitRoute(topic, 3);
        assertThat(admin.topics().list()).contains(topic);
        for (int i = 0; i < 4; i++) {
            admin.messages().send(new Message(topic, ("t" + i).getBytes(StandardCharsets.UTF_8)));
        }
        List<QueueStatus> status = admin.topics().status(topic);
        assertThat(status).hasSize(3).allSatisfy(s -> assertThat(s.brokerName()).isEqualTo("official-a"));
        assertThat(status.stream().mapToLong(QueueStatus::messages).sum()).isEqualTo(4);

        admin.topics().delete(topic, "OfficialCluster");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThatThrownBy(() -> admin.topics().route(topic))
                        .isInstanceOf(TopicNotFoundException.class));
    }

    @Test
    void managesGroupsOnTheOfficialBroker() {
        admin.groups().createOrUpdate(GroupSpec.of("official-admin-group").withRetryMaxTimes(2), null);
        assertThat(admin.groups().list("OfficialCluster"))
                .hasEntrySatisfying(
                        "official-admin-group",
                        g -> assertThat(g.retryMaxTimes()).isEqualTo(2));
        admin.groups().delete("official-admin-group", null, true);
        assertThat(admin.groups().list(null)).doesNotContainKey("official-admin-group");
    }

    @Test
    void findsMessagesOnTheOfficialBroker() {
        String topic = "OfficialAdminQuery";
        createTopic(topic, 2);
        SendReceipt sent =
                admin.messages().send(new Message(topic, "TagO", "key-7", "hi".getBytes(StandardCharsets.UTF_8)));
        assertThat(admin.messages().byId(topic, sent.offsetMsgId()))
                .singleElement()
                .satisfies(m -> assertThat(m.getUniqKey()).isEqualTo(sent.msgId()));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(admin.messages().byId(topic, sent.msgId())).hasSize(1);
            assertThat(admin.messages().byKey(topic, "key-7", 5, 0, Long.MAX_VALUE))
                    .singleElement()
                    .satisfies(m -> assertThat(m.getTags()).isEqualTo("TagO"));
        });
        PulledMessages read =
                admin.messages().pull(topic, "official-a", sent.queue().queueId(), sent.queueOffset(), 5);
        assertThat(read.messages()).extracting(MessageExt::getUniqKey).containsExactly(sent.msgId());
    }

    @Test
    void reportsProgressAndResetsOffsetsWithTheOfficialConsumer() throws Exception {
        String topic = "OfficialAdminProgress";
        String group = "official-progress-group";
        createTopic(topic, 2);
        for (int i = 0; i < 4; i++) {
            admin.messages().send(new Message(topic, ("p" + i).getBytes(StandardCharsets.UTF_8)));
        }
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = consumer(group, topic, seen, false);
        try {
            await().atMost(WAIT).until(() -> seen.size() == 4);
            assertThat(admin.groups().connections(group).connectionSet()).hasSize(1);
            await().atMost(WAIT).untilAsserted(() -> {
                ConsumerProgress p = admin.groups().progress(group, topic);
                assertThat(p.queues()).hasSize(2);
                assertThat(p.totalBrokerOffset()).isEqualTo(4);
                assertThat(p.totalLag()).isZero();
            });
            Map<MessageQueue, Long> reset = admin.groups().resetOffsets(group, topic, GroupAdmin.EARLIEST);
            assertThat(reset).hasSize(2);
            assertThat(reset.values()).containsOnly(0L);
            await().atMost(WAIT).until(() -> seen.values().stream().allMatch(n -> n.get() >= 2));
        } finally {
            consumer.shutdown();
        }
        // offline: the broker answers CONSUMER_NOT_ONLINE and the admin commits the offsets itself
        admin.groups().resetOffsets(group, topic, GroupAdmin.EARLIEST);
        assertThat(admin.groups().progress(group, topic).totalLag()).isEqualTo(4);
        admin.groups().resetOffsets(group, topic, GroupAdmin.LATEST);
        assertThat(admin.groups().progress(group, topic).totalLag()).isZero();
    }

    @Test
    void resendsDeadLettersTheOfficialBrokerMade() throws Exception {
        String topic = "OfficialAdminDlq";
        String group = "official-dlq-group";
        createTopic(topic, 2);
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        DefaultMQPushConsumer failing = consumer(group, topic, seen, true);
        try {
            for (int i = 0; i < 3; i++) {
                admin.messages().send(new Message(topic, ("dead" + i).getBytes(StandardCharsets.UTF_8)));
            }
            await().atMost(WAIT).until(() -> seen.size() == 3);
            // the broker creates the DLQ topic with the first dead letter and registers it soon after
            await().atMost(WAIT)
                    .ignoreExceptionsInstanceOf(TopicNotFoundException.class)
                    .untilAsserted(() -> assertThat(admin.topics().status(DeadLetters.topicOf(group)).stream()
                                    .mapToLong(QueueStatus::messages)
                                    .sum())
                            .isEqualTo(3));
        } finally {
            failing.shutdown();
        }
        Map<String, AtomicInteger> again = new ConcurrentHashMap<>();
        DefaultMQPushConsumer healthy = consumer(group, topic, again, false);
        try {
            ResendResult result = admin.deadLetters().resend(group, 100);
            assertThat(result.resent()).isEqualTo(3);
            assertThat(result.skipped()).isZero();
            assertThat(result.resentByTopic()).isEqualTo(Map.of(topic, 3));
            await().atMost(WAIT).until(() -> again.keySet().equals(Set.of("dead0", "dead1", "dead2")));
            assertThat(admin.deadLetters().resend(group, 100).resent()).isZero();
        } finally {
            healthy.shutdown();
        }
    }

    private static void createTopic(String topic, int queues) {
        admin.topics().createOrUpdate(TopicSpec.of(topic, queues), null);
        awaitRoute(topic, queues);
    }

    private static TopicRouteData awaitRoute(String topic, int queues) {
        return await().atMost(WAIT)
                .ignoreExceptionsInstanceOf(TopicNotFoundException.class)
                .until(
                        () -> admin.topics().route(topic),
                        r -> r.queueDatas().size() == 1 && r.queueDatas().get(0).writeQueueNums() == queues);
    }

    /** The official push consumer; {@code deadLetter} sends every message straight to the DLQ (delay level -1). */
    private static DefaultMQPushConsumer consumer(
            String group, String topic, Map<String, AtomicInteger> seen, boolean deadLetter) throws Exception {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        c.setNamesrvAddr(nameServer.address());
        c.setInstanceName("official-admin-" + System.nanoTime());
        c.subscribe(topic, "*");
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.setPersistConsumerOffsetInterval(1_000); // progress shows the consumed offsets sooner
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (org.apache.rocketmq.common.message.MessageExt m : msgs) {
                seen.computeIfAbsent(new String(m.getBody(), StandardCharsets.UTF_8), k -> new AtomicInteger())
                        .incrementAndGet();
            }
            if (deadLetter) {
                ctx.setDelayLevelWhenNextConsume(-1);
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        return c;
    }
}
