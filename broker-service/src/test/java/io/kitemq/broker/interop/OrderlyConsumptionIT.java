package io.kitemq.broker.interop;

import static io.kitemq.broker.interop.OfficialClients.allocated;
import static io.kitemq.broker.interop.OfficialClients.awaitRebalanced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.EmbeddedCluster;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.LockBatchRequestBody;
import io.kitemq.protocol.body.LockBatchResponseBody;
import io.kitemq.protocol.body.QueueRef;
import io.kitemq.protocol.body.UnlockBatchRequestBody;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.ClientConfig;
import io.kitemq.remoting.RemotingClient;
import io.kitemq.store.FlushMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.impl.consumer.ProcessQueue;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orderly consumption by the official 5.5.0 client against our broker: a producer puts each key's
 * messages on one queue with a {@link MessageQueueSelector}; two {@link MessageListenerOrderly} consumers
 * of one group split the queues, each consuming only queues it locked on the broker (LOCK_BATCH_MQ). Per
 * key the messages must arrive in send order, once each (the allocation settles before anything is sent
 * and nothing fails, so at-least-once has no reason to repeat one), and every key is consumed by one
 * consumer only. Our own {@link RemotingClient} then checks the broker's lock table from outside: another
 * client of the group is refused the queues, a client of another group gets them.
 */
class OrderlyConsumptionIT {

    private static final String TOPIC = "Orderly";
    private static final String GROUP = "c-orderly";
    private static final int KEYS = 8;
    private static final int PER_KEY = 25;

    @TempDir
    static Path dir;

    static EmbeddedCluster cluster;
    static OfficialClients clients;
    static RemotingClient raw;

    @BeforeAll
    static void start() {
        cluster = new EmbeddedCluster(dir, FlushMode.ASYNC);
        clients = new OfficialClients(cluster);
        raw = new RemotingClient(ClientConfig.defaults("interop-raw-lock"));
    }

    @AfterAll
    static void stop() {
        raw.shutdown();
        clients.close();
        cluster.close();
    }

    @Test
    void perKeyOrderIsKeptByTwoConsumersThatHoldBrokerLocks() throws Exception {
        Topics.create(cluster, TOPIC, 4);
        Map<String, List<Integer>> sequences = new ConcurrentHashMap<>();
        Map<String, Set<String>> consumersOfKey = new ConcurrentHashMap<>();
        DefaultMQPushConsumer a = orderlyConsumer("A", sequences, consumersOfKey);
        DefaultMQPushConsumer b = orderlyConsumer("B", sequences, consumersOfKey);
        awaitRebalanced(
                () -> allocated(a, TOPIC).size() == 2
                        && allocated(b, TOPIC).size() == 2
                        && Collections.disjoint(allocated(a, TOPIC), allocated(b, TOPIC))
                        && allLocked(a)
                        && allLocked(b),
                a,
                b);

        assertThat(lock(GROUP, "intruder@1"))
                .as("queues another client of the group could lock")
                .isEmpty();

        DefaultMQProducer producer = clients.producer("p-orderly");
        MessageQueueSelector byKey = (mqs, msg, key) -> mqs.get((Integer) key % mqs.size());
        for (int seq = 0; seq < PER_KEY; seq++) {
            for (int key = 0; key < KEYS; key++) {
                Message m = new Message(
                        TOPIC, "TagA", "key-" + key, ("key-" + key + ":" + seq).getBytes(StandardCharsets.UTF_8));
                assertThat(producer.send(m, byKey, key).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            }
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> sequences.values().stream().mapToInt(List::size).sum() >= KEYS * PER_KEY);
        List<Integer> inOrder = IntStream.range(0, PER_KEY).boxed().toList();
        assertThat(sequences).hasSize(KEYS);
        sequences.forEach(
                (key, seqs) -> assertThat(seqs).as("sequence of %s", key).containsExactlyElementsOf(inOrder));
        consumersOfKey.forEach(
                (key, who) -> assertThat(who).as("consumers of %s", key).hasSize(1));
        assertThat(consumersOfKey.values().stream().flatMap(Set::stream).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("A", "B");
        assertThat(lock(GROUP, "intruder@2"))
                .as("queues another client of the group could lock")
                .isEmpty();
    }

    @Test
    void brokerLocksAreOwnedPerGroupAndClient() {
        Topics.create(cluster, TOPIC + "Locks", 2);
        Set<QueueRef> all = queues(TOPIC + "Locks", 2);
        assertThat(lockBatch("g-locks", "owner@1", all)).containsExactlyInAnyOrderElementsOf(all);
        assertThat(lockBatch("g-locks", "owner@1", all))
                .as("renewal by the owner")
                .containsExactlyInAnyOrderElementsOf(all);
        assertThat(lockBatch("g-locks", "other@1", all))
                .as("another client of the group")
                .isEmpty();
        assertThat(lockBatch("g-locks-2", "other@1", all))
                .as("a client of another group")
                .containsExactlyInAnyOrderElementsOf(all);
        RemotingCommand unlock = RemotingCommand.request(RequestCode.UNLOCK_BATCH_MQ.code())
                .body(BodyCodec.encode(new UnlockBatchRequestBody("g-locks", "owner@1", true, all)));
        assertThat(raw.invokeSync(cluster.broker.address(), unlock, Duration.ofSeconds(5))
                        .code())
                .isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(lockBatch("g-locks", "other@1", all))
                .as("after the owner unlocked")
                .containsExactlyInAnyOrderElementsOf(all);
    }

    private DefaultMQPushConsumer orderlyConsumer(
            String name, Map<String, List<Integer>> sequences, Map<String, Set<String>> consumersOfKey)
            throws Exception {
        DefaultMQPushConsumer c = clients.pushConsumer(GROUP, TOPIC, "*", MessageModel.CLUSTERING);
        c.registerMessageListener((MessageListenerOrderly) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                String[] keyAndSeq = Deliveries.body(m).split(":");
                sequences
                        .computeIfAbsent(keyAndSeq[0], k -> Collections.synchronizedList(new ArrayList<>()))
                        .add(Integer.parseInt(keyAndSeq[1]));
                consumersOfKey
                        .computeIfAbsent(keyAndSeq[0], k -> ConcurrentHashMap.newKeySet())
                        .add(name);
            }
            return ConsumeOrderlyStatus.SUCCESS;
        });
        c.start();
        return c;
    }

    /** Whether every queue the consumer was given is locked for it on the broker (as the broker answered it). */
    private static boolean allLocked(DefaultMQPushConsumer c) {
        Map<?, ProcessQueue> table =
                c.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable();
        return !table.isEmpty() && table.values().stream().allMatch(pq -> pq.isLocked() && !pq.isLockExpired());
    }

    private static Set<QueueRef> lock(String group, String clientId) {
        return lockBatch(group, clientId, queues(TOPIC, 4));
    }

    private static Set<QueueRef> queues(String topic, int n) {
        String brokerName = cluster.broker.config().brokerName();
        return IntStream.range(0, n)
                .mapToObj(q -> new QueueRef(topic, brokerName, q))
                .collect(Collectors.toSet());
    }

    private static Set<QueueRef> lockBatch(String group, String clientId, Set<QueueRef> queues) {
        RemotingCommand request = RemotingCommand.request(RequestCode.LOCK_BATCH_MQ.code())
                .body(BodyCodec.encode(new LockBatchRequestBody(group, clientId, true, queues)));
        RemotingCommand response = raw.invokeSync(cluster.broker.address(), request, Duration.ofSeconds(5));
        assertThat(response.code())
                .as("LOCK_BATCH_MQ answer: %s", response.remark())
                .isEqualTo(ResponseCode.SUCCESS.code());
        return BodyCodec.decode(response.body(), LockBatchResponseBody.class).lockOKMQSet();
    }
}
