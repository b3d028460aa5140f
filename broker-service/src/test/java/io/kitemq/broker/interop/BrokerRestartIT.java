package io.kitemq.broker.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.EmbeddedCluster;
import io.kitemq.store.FlushMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our broker closed cleanly and started again on the same data directory (on a new port, which the
 * clients learn from the NameServer) while an official 5.5.0 producer and push consumer stay attached.
 * Nothing acknowledged may be lost: every message sent with SEND_OK, before or after the restart, reaches
 * the consumer. At-least-once allows the consumer to see a message of the first half again if its offset
 * had not reached the broker before the restart, so duplicates are bounded by the first half (and are
 * expected to be none: the consumer keeps pulling from its in-memory offsets).
 */
class BrokerRestartIT {

    private static final String TOPIC = "BrokerRestart";
    private static final int HALF = 50;

    @TempDir
    static Path dir;

    static EmbeddedCluster cluster;
    static OfficialClients clients;

    @BeforeAll
    static void start() {
        cluster = new EmbeddedCluster(dir, FlushMode.ASYNC);
        clients = new OfficialClients(cluster);
    }

    @AfterAll
    static void stop() {
        clients.close();
        cluster.close();
    }

    @Test
    void anAttachedConsumerGetsEverythingAcrossACleanBrokerRestart() throws Exception {
        Topics.create(cluster, TOPIC, 4);
        DefaultMQProducer producer = clients.producer("p-restart");
        Deliveries got = new Deliveries();
        DefaultMQPushConsumer consumer = clients.pushConsumer("c-restart", TOPIC, "*", MessageModel.CLUSTERING);
        consumer.registerMessageListener(got.acknowledgingListener());
        consumer.start();

        Set<String> before = new TreeSet<>();
        for (int i = 0; i < HALF; i++) {
            String body = "before-" + i;
            assertThat(producer.send(new Message(TOPIC, "TagA", body.getBytes(StandardCharsets.UTF_8)))
                            .getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
            before.add(body);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> got.containsAll(before));

        String oldAddress = cluster.broker.address();
        cluster.broker.close();
        cluster.startBroker();
        String newAddress = cluster.broker.address();

        Set<String> after = new TreeSet<>();
        for (int i = 0; i < HALF; i++) {
            String body = "after-" + i;
            Message m = new Message(TOPIC, "TagA", body.getBytes(StandardCharsets.UTF_8));
            // until the producer's route names the new address its sends fail; a failed send is retried
            await().atMost(Duration.ofSeconds(20))
                    .ignoreExceptions()
                    .until(() -> producer.send(m).getSendStatus() == SendStatus.SEND_OK);
            after.add(body);
        }

        Set<String> all = new TreeSet<>(before);
        all.addAll(after);
        await().atMost(Duration.ofSeconds(30)).until(() -> got.containsAll(all));
        assertThat(got.distinct())
                .as("new broker at %s (was %s)", newAddress, oldAddress)
                .containsExactlyElementsOf(all);
        assertThat(got.duplicates()).as("re-deliveries across the restart").isLessThanOrEqualTo(HALF);
        long stored = 0;
        for (int q = 0; q < 4; q++) {
            stored += cluster.broker.store().maxOffset(TOPIC, q);
        }
        assertThat(stored)
                .as("queue entries after the restart (recovery must not repeat any)")
                .isEqualTo(all.size());
        System.out.printf("broker restart: %d messages, %d re-delivered%n", all.size(), got.duplicates());
    }
}
