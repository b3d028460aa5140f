package io.kitemq.test.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kitemq.client.FatalClientException;
import io.kitemq.client.core.ClientOptions;
import io.kitemq.client.core.ClientRuntime;
import io.kitemq.client.producer.Producer;
import io.kitemq.client.producer.ProducerOptions;
import io.kitemq.client.producer.SendResult;
import io.kitemq.client.producer.SendStatus;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageQueue;
import io.kitemq.protocol.message.OffsetMsgId;
import io.kitemq.test.EmbeddedKiteMq;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The producer end to end against the embedded KiteMQ NameServer + Broker; stored messages are read back. */
class ProducerIT {

    @TempDir
    static Path dir;

    static EmbeddedKiteMq mq;
    static Producer producer;
    static ClientRuntime reader;

    @BeforeAll
    static void start() {
        mq = EmbeddedKiteMq.start(dir);
        ClientOptions client = ClientOptions.of(mq.nameServerAddress());
        producer = Producer.start(client, ProducerOptions.of("it-producer"));
        reader = ClientRuntime.start(client, "it-reader");
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (reader != null) {
            reader.close();
        }
        if (mq != null) {
            mq.close();
        }
    }

    private static String topic(String name) {
        BrokerQueues.createTopic(reader, mq.brokerAddress(), name, 4);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> reader.fetchRoute(name).isPresent());
        return name;
    }

    private static List<MessageExt> stored(String topic, int expected) {
        List<MessageExt> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            all.clear();
            all.addAll(BrokerQueues.readAll(reader, mq.brokerAddress(), topic, 8));
            assertThat(all).hasSize(expected);
        });
        return all;
    }

    private static Message message(String topic, String body) {
        return new Message(topic, "tagA", "key-" + body, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void syncSendsAreStoredWithTheIdsTheResultsName() {
        String topic = topic("ProducerSync");
        List<SendResult> results = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            results.add(producer.send(message(topic, "m" + i)));
        }

        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(SendStatus.SEND_OK);
            assertThat(OffsetMsgId.decode(r.offsetMsgId()).brokerAddress()).isEqualTo(mq.brokerAddress());
        });
        assertThat(results).extracting(r -> r.queue().queueId()).containsOnly(0, 1, 2, 3);
        List<MessageExt> stored = stored(topic, 12);
        Map<String, MessageExt> byUniqKey = stored.stream().collect(Collectors.toMap(MessageExt::getUniqKey, m -> m));
        for (int i = 0; i < 12; i++) {
            SendResult r = results.get(i);
            MessageExt m = byUniqKey.get(r.msgId());
            assertThat(m).as("message %d stored under its UNIQ_KEY", i).isNotNull();
            assertThat(new String(m.getBody(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
            assertThat(m.getQueueId()).isEqualTo(r.queue().queueId());
            assertThat(m.getQueueOffset()).isEqualTo(r.queueOffset());
            assertThat(m.getMsgId()).isEqualTo(r.offsetMsgId());
            assertThat(m.getTags()).isEqualTo("tagA");
            assertThat(m.getKeys()).isEqualTo("key-m" + i);
        }
    }

    @Test
    void asyncSendsAllComplete() {
        String topic = topic("ProducerAsync");
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(producer.sendAsync(message(topic, "a" + i)));
        }
        Set<String> ids = new HashSet<>();
        for (CompletableFuture<SendResult> f : futures) {
            ids.add(f.join().msgId());
        }
        assertThat(ids).hasSize(200);
        assertThat(stored(topic, 200)).extracting(MessageExt::getUniqKey).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void onewaySendsArrive() {
        String topic = topic("ProducerOneway");
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            producer.sendOneway(message(topic, "o" + i));
            bodies.add("o" + i);
        }
        assertThat(stored(topic, 30))
                .extracting(m -> new String(m.getBody(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(bodies);
    }

    @Test
    void aBatchLandsInOneQueueInOrder() {
        String topic = topic("ProducerBatch");
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(message(topic, "b" + i));
        }
        SendResult r = producer.send(batch);

        assertThat(r.msgId().split(",")).hasSize(10);
        List<MessageExt> stored = new ArrayList<>();
        // the broker indexes a stored message into its queue asynchronously, so wait for the queue
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            stored.clear();
            stored.addAll(BrokerQueues.read(
                    reader, mq.brokerAddress(), topic, r.queue().queueId()));
            assertThat(stored).hasSize(10);
        });
        assertThat(stored)
                .extracting(m -> new String(m.getBody(), StandardCharsets.UTF_8))
                .containsExactly("b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9");
        assertThat(stored)
                .extracting(MessageExt::getUniqKey)
                .containsExactly(r.msgId().split(","));
        assertThat(stored.get(0).getQueueOffset()).isEqualTo(r.queueOffset());
    }

    @Test
    void orderedSendsKeepEachKeyInOneQueueInOrder() {
        String topic = topic("ProducerOrdered");
        for (int i = 0; i < 20; i++) {
            for (String key : List.of("order-1", "order-2", "order-3", "order-4", "order-5")) {
                Message m = message(topic, key + ":" + i);
                assertThat(producer.sendOrdered(m, key).status()).isEqualTo(SendStatus.SEND_OK);
            }
        }
        List<MessageExt> stored = stored(topic, 100);
        Map<String, Set<Integer>> queuesByKey = new HashMap<>();
        Map<String, List<Integer>> sequenceByKey = new HashMap<>();
        for (int q = 0; q < 4; q++) {
            for (MessageExt m : BrokerQueues.read(reader, mq.brokerAddress(), topic, q)) {
                String[] parts = new String(m.getBody(), StandardCharsets.UTF_8).split(":");
                queuesByKey.computeIfAbsent(parts[0], k -> new HashSet<>()).add(q);
                sequenceByKey.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
            }
        }
        assertThat(stored).hasSize(100);
        assertThat(queuesByKey)
                .hasSize(5)
                .allSatisfy((key, queues) -> assertThat(queues).hasSize(1));
        List<Integer> expected = java.util.stream.IntStream.range(0, 20).boxed().toList();
        assertThat(sequenceByKey).allSatisfy((key, seq) -> assertThat(seq).isEqualTo(expected));
    }

    @Test
    void largeBodiesAreCompressedOnTheWireAndComeBackWhole() {
        String topic = topic("ProducerCompressed");
        byte[] body = new byte[64 * 1024];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 7);
        }
        producer.send(new Message(topic, body));

        MessageExt m = stored(topic, 1).get(0);
        assertThat(m.getBody()).isEqualTo(body);
        assertThat(m.getStoreSize()).isLessThan(body.length / 4);
    }

    @Test
    void anOversizedMessageIsRejectedBeforeAnythingIsSent() {
        String topic = topic("ProducerOversized");
        long before = mq.broker().store().commitLogMaxOffset();
        Message huge = new Message(topic, new byte[4 * 1024 * 1024 + 1]);

        assertThatThrownBy(() -> producer.send(huge))
                .isInstanceOf(FatalClientException.class)
                .hasMessageContaining("over the maximum of 4194304");
        assertThat(producer.sendAsync(huge)).isCompletedExceptionally();
        assertThatThrownBy(() -> producer.sendOneway(huge)).isInstanceOf(FatalClientException.class);
        assertThat(mq.broker().store().commitLogMaxOffset()).isEqualTo(before);
        assertThatThrownBy(() -> producer.send(new Message("bad/topic", new byte[1])))
                .isInstanceOf(FatalClientException.class)
                .hasMessageContaining("illegal character");
    }

    @Test
    void anUnknownTopicIsCreatedOnFirstSendWithTheDefaultQueueCount() {
        String topic = "ProducerAutoCreated";
        assertThat(reader.fetchRoute(topic)).isEmpty();

        SendResult r = producer.send(message(topic, "first"));

        assertThat(r.status()).isEqualTo(SendStatus.SEND_OK);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> reader.fetchRoute(topic).isPresent());
        assertThat(reader.fetchRoute(topic).orElseThrow().publishQueues())
                .hasSize(4)
                .contains(new MessageQueue(
                        topic, r.queue().brokerName(), r.queue().queueId()));
        assertThat(stored(topic, 1).get(0).getUniqKey()).isEqualTo(r.msgId());
    }

    @Test
    void closingAProducerStopsItsThreads() {
        Producer p = Producer.start(ClientOptions.of(mq.nameServerAddress()), ProducerOptions.of("it-short-lived"));
        p.send(message(topic("ProducerShortLived"), "x"));
        p.close();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith("producer-it-short-lived")));
        assertThatThrownBy(() -> p.send(message("ProducerShortLived", "y"))).hasMessageContaining("closed");
    }
}
