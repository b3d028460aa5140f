package io.kitemq.broker.interop;

import static io.kitemq.broker.interop.OfficialClients.allocated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.EmbeddedCluster;
import io.kitemq.store.FlushMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Official 5.5.0 push consumers against our broker: two consumers of one group split the queues
 * (CLUSTERING), two consumers each get everything (BROADCASTING), and a tag expression lets only the
 * matching tags through. Consumers are started and their queue allocation has settled before anything is
 * sent, and nothing fails, so at-least-once delivery has no reason to repeat a message here: every
 * message must arrive exactly once per consumer that should see it.
 */
class PushConsumptionIT {

    @TempDir
    static Path dir;

    static EmbeddedCluster cluster;
    static OfficialClients clients;
    static DefaultMQProducer producer;

    @BeforeAll
    static void start() throws Exception {
        // read once when a broadcasting consumer first stores offsets: keep them out of the home directory
        System.setProperty(
                "rocketmq.client.localOffsetStoreDir",
                dir.resolve("client-offsets").toString());
        cluster = new EmbeddedCluster(dir, FlushMode.ASYNC);
        clients = new OfficialClients(cluster);
        producer = clients.producer("p-push");
    }

    @AfterAll
    static void stop() {
        clients.close();
        cluster.close();
    }

    static DefaultMQPushConsumer started(DefaultMQPushConsumer consumer, Deliveries into) throws Exception {
        consumer.registerMessageListener(into.acknowledgingListener());
        consumer.start();
        return consumer;
    }

    /** Sends {@code count} messages; returns body → queue id. */
    static Map<String, Integer> send(String topic, String prefix, int count) throws Exception {
        Map<String, Integer> queueOf = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String body = prefix + "-" + i;
            SendResult r = producer.send(new Message(topic, "TagA", body.getBytes(StandardCharsets.UTF_8)));
            assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            queueOf.put(body, r.getMessageQueue().getQueueId());
        }
        return queueOf;
    }

    @Test
    void clusteringConsumersOfOneGroupSplitTheQueuesAndTogetherGetEverythingOnce() throws Exception {
        String topic = Topics.create(cluster, "PushClustering", 4);
        Deliveries gotA = new Deliveries();
        Deliveries gotB = new Deliveries();
        DefaultMQPushConsumer a =
                started(clients.pushConsumer("c-clustering", topic, "*", MessageModel.CLUSTERING), gotA);
        DefaultMQPushConsumer b =
                started(clients.pushConsumer("c-clustering", topic, "*", MessageModel.CLUSTERING), gotB);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> allocated(a, topic).size() == 2
                        && allocated(b, topic).size() == 2
                        && Collections.disjoint(allocated(a, topic), allocated(b, topic)));
        Set<Integer> queuesOfA = queueIds(allocated(a, topic));
        Set<Integer> queuesOfB = queueIds(allocated(b, topic));

        Map<String, Integer> queueOf = send(topic, "clustering", 200);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> gotA.distinctCount() + gotB.distinctCount() >= queueOf.size());
        assertThat(gotA.distinct()).isNotEmpty().doesNotContainAnyElementsOf(gotB.distinct());
        assertThat(gotB.distinct()).isNotEmpty();
        Set<String> union = new TreeSet<>(gotA.distinct());
        union.addAll(gotB.distinct());
        assertThat(union).containsExactlyInAnyOrderElementsOf(queueOf.keySet());
        assertThat(gotA.distinct()).allSatisfy(body -> assertThat(queuesOfA).contains(queueOf.get(body)));
        assertThat(gotB.distinct()).allSatisfy(body -> assertThat(queuesOfB).contains(queueOf.get(body)));
        assertThat(gotA.duplicates() + gotB.duplicates())
                .as("duplicate deliveries")
                .isZero();
    }

    @Test
    void broadcastingConsumersEachGetEverythingOnce() throws Exception {
        String topic = Topics.create(cluster, "PushBroadcast", 4);
        Deliveries gotA = new Deliveries();
        Deliveries gotB = new Deliveries();
        DefaultMQPushConsumer a =
                started(clients.pushConsumer("c-broadcast", topic, "*", MessageModel.BROADCASTING), gotA);
        DefaultMQPushConsumer b =
                started(clients.pushConsumer("c-broadcast", topic, "*", MessageModel.BROADCASTING), gotB);
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        allocated(a, topic).size() == 4 && allocated(b, topic).size() == 4);

        Set<String> sent = send(topic, "broadcast", 100).keySet();

        await().atMost(Duration.ofSeconds(20)).until(() -> gotA.containsAll(sent) && gotB.containsAll(sent));
        assertThat(gotA.distinct()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(gotB.distinct()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(gotA.duplicates() + gotB.duplicates())
                .as("duplicate deliveries")
                .isZero();
    }

    @Test
    void tagExpressionDeliversOnlyTheMatchingTags() throws Exception {
        String topic = Topics.create(cluster, "PushTags", 4);
        Deliveries got = new Deliveries();
        started(clients.pushConsumer("c-tags", topic, "TagA || TagB", MessageModel.CLUSTERING), got);
        // one queue, so the final marker is pulled only after every message before it was pulled or filtered out
        MessageQueue queue = new MessageQueue(topic, cluster.broker.config().brokerName(), 0);
        Set<String> wanted = new TreeSet<>();
        String[] tags = {"TagA", "TagB", "TagC"};
        for (int i = 0; i < 90; i++) {
            String tag = tags[i % 3];
            String body = tag + "-" + i;
            assertThat(producer.send(new Message(topic, tag, body.getBytes(StandardCharsets.UTF_8)), queue)
                            .getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
            if (!tag.equals("TagC")) {
                wanted.add(body);
            }
        }
        producer.send(new Message(topic, "TagB", "end".getBytes(StandardCharsets.UTF_8)), queue);
        wanted.add("end");

        await().atMost(Duration.ofSeconds(20)).until(() -> got.containsAll(wanted));
        assertThat(got.distinct()).containsExactlyInAnyOrderElementsOf(wanted).noneMatch(b -> b.startsWith("TagC"));
        assertThat(got.duplicates()).as("duplicate deliveries").isZero();
    }

    private static Set<Integer> queueIds(Set<MessageQueue> queues) {
        return queues.stream().map(MessageQueue::getQueueId).collect(Collectors.toSet());
    }
}
