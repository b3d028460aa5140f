package io.kitemq.client.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kitemq.client.FatalClientException;
import io.kitemq.client.KiteMqClientException;
import io.kitemq.client.TopicNotFoundException;
import io.kitemq.client.core.ClientOptions;
import io.kitemq.protocol.body.ConsumerConnection;
import io.kitemq.protocol.body.TopicRouteData;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageQueue;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.test.EmbeddedKiteMq;
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
 * Every admin operation against the embedded KiteMQ NameServer + Broker. Consumers are the official
 * RocketMQ 5.5.0 push consumer (an independent client) so that connections, progress and a reset seen
 * by an online consumer are checked against a client we did not write.
 */
class AdminClientIT {

    private static final Duration ROUTE_WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    static EmbeddedKiteMq mq;
    static AdminClient admin;

    @BeforeAll
    static void start() {
        mq = EmbeddedKiteMq.start(dir);
        admin = AdminClient.create(ClientOptions.of(mq.nameServerAddress()));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (mq != null) {
            mq.close();
        }
    }

    @Test
    void listsClusterAndBrokers() {
        List<BrokerInfo> brokers = admin.brokers();
        assertThat(brokers).singleElement().satisfies(b -> {
            assertThat(b.address()).isEqualTo(mq.brokerAddress());
            assertThat(b.isMaster()).isTrue();
        });
        assertThat(admin.clusterInfo().clusterAddrTable())
                .containsEntry(brokers.get(0).cluster(), Set.of(brokers.get(0).brokerName()));
    }

    @Test
    void createsUpdatesReportsAndDeletesATopic() {
        String topic = "AdminTopicLife";
        assertThat(admin.topics().createOrUpdate(TopicSpec.of(topic, 3), null)).containsExactly(mq.brokerAddress());
        TopicRouteData route = awaitRoute(topic, 3);
        assertThat(route.queueDatas())
                .singleElement()
                .satisfies(q -> assertThat(q.readQueueNums()).isEqualTo(3));
        assertThat(admin.topics().list()).contains(topic);

        for (int i = 0; i < 5; i++) {
            admin.messages().send(new Message(topic, ("m" + i).getBytes(StandardCharsets.UTF_8)));
        }
        awaitStored(topic, 5);
        List<QueueStatus> status = admin.topics().status(topic);
        assertThat(status).hasSize(3).allSatisfy(s -> assertThat(s.minOffset()).isZero());
        // round-robin: 5 messages over 3 queues
        assertThat(status).extracting(QueueStatus::maxOffset).containsExactlyInAnyOrder(2L, 2L, 1L);

        admin.topics().createOrUpdate(TopicSpec.of(topic, 6), null);
        awaitRoute(topic, 6);

        admin.topics().delete(topic, null);
        await().atMost(ROUTE_WAIT)
                .untilAsserted(() -> assertThatThrownBy(() -> admin.topics().route(topic))
                        .isInstanceOf(TopicNotFoundException.class));
        assertThat(admin.topics().list()).doesNotContain(topic);
    }

    @Test
    void createsListsAndDeletesAGroup() {
        admin.groups().createOrUpdate(GroupSpec.of("admin-group-a").withRetryMaxTimes(3), null);
        assertThat(admin.groups().list(null)).hasEntrySatisfying("admin-group-a", g -> {
            assertThat(g.retryMaxTimes()).isEqualTo(3);
            assertThat(g.consumeEnable()).isTrue();
        });
        admin.groups().delete("admin-group-a", null, true);
        assertThat(admin.groups().list(null)).doesNotContainKey("admin-group-a");
    }

    @Test
    void findsMessagesByIdKeyAndOffset() {
        String topic = "AdminQueryTopic";
        createTopic(topic, 2);
        Message m = new Message(topic, "TagQ", "order-42", "hello".getBytes(StandardCharsets.UTF_8));
        SendReceipt sent = admin.messages().send(m);
        assertThat(sent.msgId()).isNotBlank();

        assertThat(admin.messages().byId(topic, sent.offsetMsgId()))
                .singleElement()
                .satisfies(x -> assertThat(x.getUniqKey()).isEqualTo(sent.msgId()));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(admin.messages().byId(topic, sent.msgId()))
                        .singleElement()
                        .satisfies(x -> assertThat(new String(x.getBody(), StandardCharsets.UTF_8))
                                .isEqualTo("hello")));
        assertThat(admin.messages().byKey(topic, "order-42", 10, 0, Long.MAX_VALUE))
                .singleElement()
                .satisfies(x -> assertThat(x.getTags()).isEqualTo("TagQ"));
        assertThat(admin.messages().byKey(topic, "no-such-key", 10, 0, Long.MAX_VALUE))
                .isEmpty();

        PulledMessages read = admin.messages()
                .pull(topic, sent.queue().brokerName(), sent.queue().queueId(), sent.queueOffset(), 10);
        assertThat(read.status()).isEqualTo(PulledMessages.Status.FOUND);
        assertThat(read.messages())
                .singleElement()
                .satisfies(x -> assertThat(x.getUniqKey()).isEqualTo(sent.msgId()));
        assertThat(read.nextBeginOffset()).isEqualTo(sent.queueOffset() + 1);
        PulledMessages past = admin.messages()
                .pull(topic, sent.queue().brokerName(), sent.queue().queueId(), read.nextBeginOffset(), 10);
        assertThat(past.status()).isEqualTo(PulledMessages.Status.NO_NEW_MSG);
        assertThat(past.messages()).isEmpty();
    }

    @Test
    void showsConnectionsAndProgressAndResetsOffsetsOfAnOnlineAndAnOfflineGroup() throws Exception {
        String topic = "AdminProgressTopic";
        String group = "admin-progress-group";
        createTopic(topic, 2);
        for (int i = 0; i < 6; i++) {
            admin.messages().send(new Message(topic, ("p" + i).getBytes(StandardCharsets.UTF_8)));
        }
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = officialConsumer(group, topic, deliveries);
        try {
            await().atMost(ROUTE_WAIT).until(() -> deliveries.size() == 6);
            ConsumerConnection connections = admin.groups().connections(group);
            assertThat(connections.connectionSet())
                    .singleElement()
                    .satisfies(c -> assertThat(c.clientId())
                            .isEqualTo(consumer.getDefaultMQPushConsumerImpl()
                                    .getmQClientFactory()
                                    .getClientId()));
            assertThat(connections.subscriptionTable()).containsKey(topic);
            await().atMost(ROUTE_WAIT).untilAsserted(() -> {
                ConsumerProgress p = admin.groups().progress(group, topic);
                assertThat(p.queues()).hasSize(2);
                assertThat(p.totalBrokerOffset()).isEqualTo(6);
                assertThat(p.totalLag()).isZero();
            });

            Map<MessageQueue, Long> reset = admin.groups().resetOffsets(group, topic, GroupAdmin.EARLIEST);
            assertThat(reset)
                    .hasSize(2)
                    .allSatisfy((q, offset) -> assertThat(offset).isZero());
            // the online consumer continues from the new position: every message a second time (the official
            // client pauses 10 s after a reset before it pulls again)
            await().atMost(ROUTE_WAIT).until(() -> deliveries.values().stream().allMatch(n -> n.get() >= 2));
        } finally {
            consumer.shutdown();
        }

        Map<MessageQueue, Long> toEnd = admin.groups().resetOffsets(group, topic, GroupAdmin.EARLIEST);
        assertThat(toEnd.values()).containsOnly(0L);
        assertThat(admin.groups().progress(group, topic).totalLag()).isEqualTo(6);
        admin.groups().resetOffsets(group, topic, GroupAdmin.LATEST);
        assertThat(admin.groups().progress(group, topic).totalLag()).isZero();
    }

    @Test
    void resendsDeadLettersToTheirOriginalTopicOnce() {
        String topic = "AdminDlqOrigin";
        String group = "admin-dlq-group";
        createTopic(topic, 1);
        String dlq = DeadLetters.topicOf(group);
        admin.topics().createOrUpdate(new TopicSpec(dlq, 1, 1, 6, false), null);
        awaitRoute(dlq, 1);
        assertThat(admin.deadLetters().resend("admin-no-dlq-group", 100).resent())
                .isZero();

        sendDeadLetter(dlq, "d0", PropertyKeys.PROPERTY_RETRY_TOPIC, topic);
        sendDeadLetter(dlq, "d1", PropertyKeys.PROPERTY_DLQ_ORIGIN_TOPIC, topic);
        sendDeadLetter(dlq, "d2", "unrelated", "x");
        sendDeadLetter(dlq, "d3", PropertyKeys.PROPERTY_RETRY_TOPIC, topic);
        awaitStored(dlq, 4);

        ResendResult first = admin.deadLetters().resend(group, 100);
        assertThat(first.resent()).isEqualTo(3);
        assertThat(first.skipped()).isEqualTo(1);
        assertThat(first.resentByTopic()).isEqualTo(Map.of(topic, 3));

        awaitStored(topic, 3);
        PulledMessages back = admin.messages().pull(topic, null, 0, 0, 10);
        assertThat(back.messages())
                .extracting(x -> new String(x.getBody(), StandardCharsets.UTF_8))
                .containsExactly("d0", "d1", "d3");
        assertThat(back.messages()).allSatisfy(x -> {
            assertThat(x.getProperty(PropertyKeys.PROPERTY_RETRY_TOPIC)).isNull();
            assertThat(x.getTags()).isEqualTo("dead");
        });

        assertThat(admin.deadLetters().resend(group, 100).resent()).isZero();
        sendDeadLetter(dlq, "d4", PropertyKeys.PROPERTY_RETRY_TOPIC, topic);
        awaitStored(dlq, 5);
        assertThat(admin.deadLetters().resend(group, 100).resent()).isEqualTo(1);
    }

    @Test
    void failsClearly() {
        assertThatThrownBy(() -> admin.topics().route("NoSuchAdminTopic"))
                .isInstanceOf(TopicNotFoundException.class)
                .hasMessageContaining("NoSuchAdminTopic");
        assertThatThrownBy(() -> admin.topics().status("bad topic!"))
                .isInstanceOf(FatalClientException.class)
                .hasMessageContaining("illegal character");
        assertThatThrownBy(() -> admin.topics().createOrUpdate(TopicSpec.of("AdminX", 2), "NoSuchCluster"))
                .isInstanceOf(FatalClientException.class)
                .hasMessageContaining("NoSuchCluster");
        assertThatThrownBy(() -> admin.groups().connections("admin-nobody-online"))
                .isInstanceOf(KiteMqClientException.class)
                .hasMessageContaining("206");
        try (AdminClient nowhere =
                AdminClient.create(ClientOptions.of("127.0.0.1:1").withRequestTimeout(Duration.ofSeconds(1)))) {
            assertThatThrownBy(nowhere::brokers)
                    .isInstanceOf(KiteMqClientException.class)
                    .satisfies(e -> assertThat(((KiteMqClientException) e).isRetriable())
                            .isTrue());
        }
    }

    private static void sendDeadLetter(String dlq, String body, String property, String value) {
        Message m = new Message(dlq, "dead", body.getBytes(StandardCharsets.UTF_8));
        m.putProperty(property, value);
        m.putProperty(PropertyKeys.PROPERTY_RECONSUME_TIME, "3");
        admin.messages().send(m);
    }

    /** The broker indexes stored messages asynchronously: waits until the queues' ends count them all. */
    private static void awaitStored(String topic, long messages) {
        await().atMost(ROUTE_WAIT)
                .untilAsserted(() -> assertThat(admin.topics().status(topic).stream()
                                .mapToLong(QueueStatus::messages)
                                .sum())
                        .isEqualTo(messages));
    }

    private static void createTopic(String topic, int queues) {
        admin.topics().createOrUpdate(TopicSpec.of(topic, queues), null);
        awaitRoute(topic, queues);
    }

    private static TopicRouteData awaitRoute(String topic, int queues) {
        return await().atMost(ROUTE_WAIT)
                .ignoreExceptionsInstanceOf(TopicNotFoundException.class)
                .until(
                        () -> admin.topics().route(topic),
                        r -> r.queueDatas().size() == 1 && r.queueDatas().get(0).writeQueueNums() == queues);
    }

    private DefaultMQPushConsumer officialConsumer(String group, String topic, Map<String, AtomicInteger> seen)
            throws Exception {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        c.setNamesrvAddr(mq.nameServerAddress());
        c.setInstanceName("admin-it-" + System.nanoTime());
        c.subscribe(topic, "*");
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.setPersistConsumerOffsetInterval(1_000); // progress shows the consumed offsets sooner
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (org.apache.rocketmq.common.message.MessageExt m : msgs) {
                seen.computeIfAbsent(new String(m.getBody(), StandardCharsets.UTF_8), k -> new AtomicInteger())
                        .incrementAndGet();
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        return c;
    }
}
