package io.kitemq.test.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.client.core.ClientOptions;
import io.kitemq.client.core.ClientRuntime;
import io.kitemq.client.producer.LocalTransactionState;
import io.kitemq.client.producer.Producer;
import io.kitemq.client.producer.ProducerOptions;
import io.kitemq.client.producer.SendResult;
import io.kitemq.client.producer.SendStatus;
import io.kitemq.client.producer.TransactionListener;
import io.kitemq.client.producer.TransactionSendResult;
import io.kitemq.client.producer.TransactionalProducer;
import io.kitemq.peer.BrokerOptions;
import io.kitemq.peer.RocketMqPeer;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.OffsetMsgId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our producers against the official Apache RocketMQ 5.5.0 NameServer and Broker (separate JVMs, started
 * once for all scenarios): every send mode, batch, order per key, compression, auto-create, and the
 * transactional producer including the broker's check-back. Stored messages are read back with plain
 * pulls, and the compressed ones also with the official consumer.
 */
class OfficialBrokerProducerIT {

    @TempDir
    static Path dir;

    static RocketMqPeer nameServer;
    static RocketMqPeer broker;
    static ClientRuntime reader;
    static Producer producer;

    @BeforeAll
    static void start() {
        nameServer = RocketMqPeer.startNameServer(dir.resolve("namesrv"));
        broker = RocketMqPeer.startBroker(
                dir.resolve("broker"),
                nameServer.address(),
                BrokerOptions.defaults()
                        .withBrokerName("official-a")
                        // checks start 3 s after a half message; the broker writes its op records (what
                        // END_TRANSACTION decided) every 100 ms instead of every 3 s
                        .withProperty("transactionTimeOut", "3000")
                        .withProperty("transactionCheckInterval", "1000")
                        .withProperty("transactionOpBatchInterval", "100"));
        ClientOptions client = ClientOptions.of(nameServer.address());
        reader = ClientRuntime.start(client, "official-reader");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> reader.fetchRoute("TBW102").isPresent());
        producer = Producer.start(client, ProducerOptions.of("official-it-producer"));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {producer, reader, broker, nameServer}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }

    private static String topic(String name) {
        BrokerQueues.createTopic(reader, broker.address(), name, 4);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> reader.fetchRoute(name).isPresent());
        return name;
    }

    private static List<MessageExt> stored(String topic, int expected) {
        List<MessageExt> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            all.clear();
            all.addAll(BrokerQueues.readAll(reader, broker.address(), topic, 4));
            assertThat(all).hasSize(expected);
        });
        return all;
    }

    private static String text(MessageExt m) {
        return new String(m.getBody(), StandardCharsets.UTF_8);
    }

    @Test
    void syncAsyncOnewayAndBatchSendsAreStored() {
        String topic = topic("OfficialSendModes");
        List<SendResult> sync = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sync.add(producer.send(new Message(topic, "tag", "k" + i, ("sync-" + i).getBytes())));
        }
        List<CompletableFuture<SendResult>> async = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            async.add(producer.sendAsync(new Message(topic, ("async-" + i).getBytes())));
        }
        for (int i = 0; i < 10; i++) {
            producer.sendOneway(new Message(topic, ("oneway-" + i).getBytes()));
        }
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(new Message(topic, ("batch-" + i).getBytes()));
        }
        SendResult batchResult = producer.send(batch);
        async.forEach(CompletableFuture::join);

        assertThat(sync).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(SendStatus.SEND_OK);
            assertThat(OffsetMsgId.decode(r.offsetMsgId()).brokerAddress()).isEqualTo(broker.address());
        });
        List<MessageExt> stored = stored(topic, 8 + 50 + 10 + 5);
        Map<String, MessageExt> byId = stored.stream().collect(Collectors.toMap(MessageExt::getUniqKey, m -> m));
        for (SendResult r : sync) {
            assertThat(byId.get(r.msgId()).getQueueOffset()).isEqualTo(r.queueOffset());
            assertThat(byId.get(r.msgId()).getMsgId()).isEqualTo(r.offsetMsgId());
        }
        assertThat(batchResult.msgId().split(","))
                .hasSize(5)
                .allSatisfy(id -> assertThat(byId).containsKey(id));
        assertThat(stored)
                .extracting(OfficialBrokerProducerIT::text)
                .filteredOn(t -> t.startsWith("oneway-"))
                .hasSize(10);
    }

    @Test
    void orderedSendsKeepEachKeyInOneQueueInOrder() {
        String topic = topic("OfficialOrdered");
        for (int i = 0; i < 10; i++) {
            for (String key : List.of("k1", "k2", "k3")) {
                producer.sendOrdered(new Message(topic, (key + ":" + i).getBytes()), key);
            }
        }
        stored(topic, 30);
        Map<String, Set<Integer>> queues = new HashMap<>();
        Map<String, List<Integer>> sequences = new HashMap<>();
        for (int q = 0; q < 4; q++) {
            for (MessageExt m : BrokerQueues.read(reader, broker.address(), topic, q)) {
                String[] parts = text(m).split(":");
                queues.computeIfAbsent(parts[0], k -> new HashSet<>()).add(q);
                sequences.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
            }
        }
        assertThat(queues).hasSize(3).allSatisfy((k, q) -> assertThat(q).hasSize(1));
        assertThat(sequences).allSatisfy((k, s) -> assertThat(s).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    }

    @Test
    void compressedAndPlainBodiesReachTheOfficialConsumerIntact() throws Exception {
        String topic = topic("OfficialCompressed");
        byte[] big = new byte[20_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('A' + i % 13);
        }
        producer.send(new Message(topic, big));
        producer.send(new Message(topic, "small".getBytes()));

        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer("official-it-reader");
        consumer.setNamesrvAddr(nameServer.address());
        consumer.setInstanceName("official-it-reader-" + ProcessHandle.current().pid());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setPollTimeoutMillis(1000);
        consumer.subscribe(topic, "*");
        consumer.start();
        try {
            List<byte[]> bodies = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll().forEach(m -> bodies.add(m.getBody()));
                return bodies.size() >= 2;
            });
            assertThat(bodies).hasSize(2).anySatisfy(b -> assertThat(b).isEqualTo(big));
            assertThat(bodies).anySatisfy(b -> assertThat(b).isEqualTo("small".getBytes()));
        } finally {
            consumer.shutdown();
        }
    }

    @Test
    void anUnknownTopicIsAutoCreatedThroughTbw102() {
        String topic = "OfficialAutoCreated";
        assertThat(reader.fetchRoute(topic)).isEmpty();
        SendResult r = producer.send(new Message(topic, "first".getBytes()));
        assertThat(r.status()).isEqualTo(SendStatus.SEND_OK);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> reader.fetchRoute(topic).isPresent());
        assertThat(reader.fetchRoute(topic).orElseThrow().publishQueues()).hasSize(4);
        assertThat(stored(topic, 1).get(0).getUniqKey()).isEqualTo(r.msgId());
    }

    @Test
    void transactionsCommitRollBackAndAnswerCheckBacks() {
        String topic = topic("OfficialTransactions");
        // what the checker answers, by body: the two decided by END_TRANSACTION get answers that would
        // flip them if our END_TRANSACTION were lost, so only a working END_TRANSACTION passes
        Map<String, LocalTransactionState> checkAnswers = Map.of(
                "commit", LocalTransactionState.UNKNOW,
                "rollback", LocalTransactionState.COMMIT_MESSAGE,
                "checked-commit", LocalTransactionState.COMMIT_MESSAGE,
                "checked-rollback", LocalTransactionState.ROLLBACK_MESSAGE);
        Set<String> checked = ConcurrentHashMap.newKeySet();
        TransactionListener listener = new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                if (arg == null) {
                    throw new IllegalStateException("local transaction failed");
                }
                return (LocalTransactionState) arg;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt message) {
                String body = new String(message.getBody(), StandardCharsets.UTF_8);
                checked.add(body);
                return checkAnswers.get(body);
            }
        };
        try (TransactionalProducer tx = TransactionalProducer.start(
                ClientOptions.of(nameServer.address()), ProducerOptions.of("official-it-tx"), listener)) {
            TransactionSendResult commit =
                    tx.sendInTransaction(new Message(topic, "commit".getBytes()), LocalTransactionState.COMMIT_MESSAGE);
            TransactionSendResult rollback = tx.sendInTransaction(
                    new Message(topic, "rollback".getBytes()), LocalTransactionState.ROLLBACK_MESSAGE);
            Message unknown = new Message(topic, "checked-commit".getBytes());
            TransactionSendResult unknownResult = tx.sendInTransaction(unknown, LocalTransactionState.UNKNOW);
            TransactionSendResult failed =
                    tx.sendInTransaction(new Message(topic, "checked-rollback".getBytes()), null);

            assertThat(commit.localState()).isEqualTo(LocalTransactionState.COMMIT_MESSAGE);
            assertThat(rollback.sendResult().status()).isEqualTo(SendStatus.SEND_OK);
            assertThat(failed.localState()).isEqualTo(LocalTransactionState.UNKNOW);
            assertThat(unknown.getTransactionId())
                    .isEqualTo(unknownResult.sendResult().msgId());

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> checked.containsAll(Set.of("checked-commit", "checked-rollback")));
            List<MessageExt> visible = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                visible.clear();
                visible.addAll(BrokerQueues.readAll(reader, broker.address(), topic, 4));
                assertThat(visible).extracting(OfficialBrokerProducerIT::text).contains("commit", "checked-commit");
            });
            assertThat(visible)
                    .extracting(OfficialBrokerProducerIT::text)
                    .containsExactlyInAnyOrder("commit", "checked-commit");
            assertThat(visible)
                    .extracting(MessageExt::getUniqKey)
                    .containsExactlyInAnyOrder(
                            commit.sendResult().msgId(),
                            unknownResult.sendResult().msgId());
        }
    }
}
