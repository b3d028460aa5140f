package io.kitemq.broker.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.EmbeddedCluster;
import io.kitemq.store.FlushMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 5.5.0 {@link DefaultLitePullConsumer} against our broker, without auto-commit: in assign
 * mode it seeks (to an offset, to the beginning, to the end) and reads exactly the offsets it sought; in
 * subscribe mode it reads every queue, commits synchronously, and a new consumer of the group continues
 * after the committed offsets. Polls return what the pull tasks fetched, so each expected offset is
 * polled exactly once: no loss and no duplicate.
 */
class LitePullIT {

    private static final int PER_QUEUE = 10;

    @TempDir
    static Path dir;

    static EmbeddedCluster cluster;
    static OfficialClients clients;
    static DefaultMQProducer producer;

    @BeforeAll
    static void start() throws Exception {
        cluster = new EmbeddedCluster(dir, FlushMode.ASYNC);
        clients = new OfficialClients(cluster);
        producer = clients.producer("p-lite");
    }

    @AfterAll
    static void stop() {
        clients.close();
        cluster.close();
    }

    static MessageQueue queue(String topic, int id) {
        return new MessageQueue(topic, cluster.broker.config().brokerName(), id);
    }

    static void send(MessageQueue mq, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            String body = mq.getTopic() + "-" + mq.getQueueId() + "-" + i;
            Message m = new Message(mq.getTopic(), "TagA", body.getBytes(StandardCharsets.UTF_8));
            assertThat(producer.send(m, mq).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
    }

    /** Polls until {@code count} messages came, then checks that a short further poll brings nothing more. */
    static List<MessageExt> pollExactly(DefaultLitePullConsumer consumer, int count) {
        List<MessageExt> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            got.addAll(consumer.poll(200));
            return got.size() >= count;
        });
        got.addAll(consumer.poll(300));
        got.sort(Comparator.comparing(MessageExt::getQueueId).thenComparing(MessageExt::getQueueOffset));
        return got;
    }

    /**
     * Sends the committed offsets to the broker now: {@code commitSync()} records them in the consumer, whose
     * periodic persist first runs only 10 s after start.
     */
    static void persistCommitted(DefaultLitePullConsumer consumer, List<MessageQueue> queues) throws Exception {
        Map<MessageQueue, Long> committed = new HashMap<>();
        for (MessageQueue mq : queues) {
            committed.put(mq, consumer.committed(mq));
        }
        consumer.commitSync(committed, true);
    }

    static List<Long> offsets(List<MessageExt> msgs) {
        return msgs.stream().map(MessageExt::getQueueOffset).toList();
    }

    static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void assignedQueueReadsExactlyWhatSeekChose() throws Exception {
        String topic = Topics.create(cluster, "LiteAssign", 4);
        MessageQueue q0 = queue(topic, 0);
        send(q0, 0, PER_QUEUE);
        DefaultLitePullConsumer consumer = clients.litePullConsumer("c-lite-assign");
        consumer.start();
        assertThat(consumer.fetchMessageQueues(topic)).hasSize(4).contains(q0);
        consumer.assign(List.of(q0));
        // assign() starts pulling at once; a seek racing that first pull may still see its messages (the
        // official client's behaviour), so read the queue to its end first and seek back from an idle consumer
        assertThat(offsets(pollExactly(consumer, PER_QUEUE))).containsExactlyElementsOf(range(0, PER_QUEUE));

        consumer.seek(q0, 5);
        List<MessageExt> fromFive = pollExactly(consumer, 5);
        assertThat(offsets(fromFive)).containsExactlyElementsOf(range(5, 10));
        assertThat(fromFive)
                .extracting(Deliveries::body)
                .containsExactly(
                        "LiteAssign-0-5", "LiteAssign-0-6", "LiteAssign-0-7", "LiteAssign-0-8", "LiteAssign-0-9");

        consumer.seekToBegin(q0);
        assertThat(offsets(pollExactly(consumer, PER_QUEUE))).containsExactlyElementsOf(range(0, PER_QUEUE));

        consumer.seekToEnd(q0);
        assertThat(consumer.poll(500)).as("polled after seekToEnd").isEmpty();
        send(q0, PER_QUEUE, PER_QUEUE + 3);
        assertThat(offsets(pollExactly(consumer, 3))).containsExactlyElementsOf(range(PER_QUEUE, PER_QUEUE + 3));

        consumer.commitSync();
        assertThat(consumer.committed(q0)).as("committed after commitSync").isEqualTo(PER_QUEUE + 3);
        persistCommitted(consumer, List.of(q0));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.broker.offsets().query("c-lite-assign", topic, 0) == PER_QUEUE + 3);
    }

    @Test
    void subscribedConsumerReadsEveryQueueAndItsCommitsCarryOverToTheNextConsumer() throws Exception {
        String topic = Topics.create(cluster, "LiteSubscribe", 4);
        for (int q = 0; q < 4; q++) {
            send(queue(topic, q), 0, PER_QUEUE);
        }
        DefaultLitePullConsumer first = clients.litePullConsumer("c-lite-sub");
        first.subscribe(topic, "*");
        first.start();
        List<MessageExt> got = pollExactly(first, 4 * PER_QUEUE);
        Map<Integer, List<Long>> byQueue = got.stream()
                .collect(Collectors.groupingBy(
                        MessageExt::getQueueId,
                        TreeMap::new,
                        Collectors.mapping(MessageExt::getQueueOffset, Collectors.toList())));
        assertThat(byQueue)
                .hasSize(4)
                .allSatisfy((q, offsets) -> assertThat(offsets).containsExactlyElementsOf(range(0, PER_QUEUE)));

        first.commitSync();
        List<MessageQueue> queues = List.of(queue(topic, 0), queue(topic, 1), queue(topic, 2), queue(topic, 3));
        for (MessageQueue mq : queues) {
            assertThat(first.committed(mq))
                    .as("committed after commitSync on %s", mq)
                    .isEqualTo(PER_QUEUE);
        }
        persistCommitted(first, queues);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.broker
                        .offsets()
                        .offsets("c-lite-sub", topic)
                        .equals(Map.of(
                                0, (long) PER_QUEUE, 1, (long) PER_QUEUE, 2, (long) PER_QUEUE, 3, (long) PER_QUEUE)));
        first.shutdown();

        for (int q = 0; q < 4; q++) {
            send(queue(topic, q), PER_QUEUE, PER_QUEUE + 2);
        }
        DefaultLitePullConsumer second = clients.litePullConsumer("c-lite-sub");
        second.subscribe(topic, "*");
        second.start();
        List<MessageExt> rest = pollExactly(second, 4 * 2);
        assertThat(rest)
                .extracting(m -> m.getQueueId() + "@" + m.getQueueOffset())
                .containsExactly("0@10", "0@11", "1@10", "1@11", "2@10", "2@11", "3@10", "3@11");
    }
}
