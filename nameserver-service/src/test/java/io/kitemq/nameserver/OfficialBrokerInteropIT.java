package io.kitemq.nameserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.nameserver.handler.NameServerMetrics;
import io.kitemq.peer.BrokerOptions;
import io.kitemq.peer.RocketMqPeer;
import io.kitemq.protocol.body.BrokerData;
import io.kitemq.protocol.body.TopicRouteData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with the real thing: the official Apache RocketMQ 5.5.0 broker (its own JVM) registers with
 * our NameServer; the official 5.5.0 client creates a topic through it, gets the right route, and
 * sends a message to the broker that route names. Then the broker dies and leaves the route.
 */
class OfficialBrokerInteropIT {

    @TempDir
    Path dir;

    NameServer nameServer;
    RocketMqPeer broker;
    DefaultMQProducer producer;

    @BeforeEach
    void start() {
        nameServer = new NameServer(
                        NameServerConfig.defaults(dir.resolve("namesrv")).withListen("127.0.0.1", 0),
                        InstantSource.system(),
                        NameServerMetrics.NONE)
                .start();
        broker = RocketMqPeer.startBroker(
                dir.resolve("broker"),
                "127.0.0.1:" + nameServer.port(),
                BrokerOptions.defaults().withBrokerName("official-a").withClusterName("InteropCluster"));
    }

    @AfterEach
    void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        if (broker != null) {
            broker.kill();
        }
        nameServer.close();
    }

    @Test
    void officialBrokerRegistersAndOfficialClientGetsACorrectRoute() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> nameServer.routes().liveBrokerCount() == 1);
        assertThat(nameServer.routes().clusterInfo().clusterAddrTable().get("InteropCluster"))
                .containsExactly("official-a");
        // the official broker registers its system topics, TBW102 among them (auto-create is on)
        assertThat(nameServer.routes().route("TBW102", null)).isNotNull();

        producer = new DefaultMQProducer("interop-producer");
        producer.setNamesrvAddr("127.0.0.1:" + nameServer.port());
        producer.setInstanceName("interop-" + System.nanoTime());
        producer.start();
        producer.createTopic("TBW102", "InteropTopic", 6, null);

        await().atMost(Duration.ofSeconds(30)).until(() -> nameServer.routes().route("InteropTopic", null) != null);
        TopicRouteData route = nameServer.routes().route("InteropTopic", null);
        assertThat(route.queueDatas()).singleElement().satisfies(q -> {
            assertThat(q.brokerName()).isEqualTo("official-a");
            assertThat(q.writeQueueNums()).isEqualTo(6);
            assertThat(q.readQueueNums()).isEqualTo(6);
        });
        BrokerData bd = route.brokerDatas().get(0);
        assertThat(bd.brokerAddrs()).containsEntry(0L, broker.address());

        // the official client reads the same route through our NameServer
        Collection<MessageQueue> queues = producer.fetchPublishMessageQueues("InteropTopic");
        assertThat(queues)
                .hasSize(6)
                .allSatisfy(q -> assertThat(q.getBrokerName()).isEqualTo("official-a"));

        SendResult sent = producer.send(new Message("InteropTopic", "TagA", "hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(sent.getMessageQueue().getBrokerName()).isEqualTo("official-a");

        // a killed broker's connection closes: it leaves the route at once, not after 120 s
        broker.kill();
        broker = null;
        await().atMost(Duration.ofSeconds(10)).until(() -> nameServer.routes().route("InteropTopic", null) == null);
        assertThat(nameServer.routes().liveBrokerCount()).isZero();
        assertThat(List.copyOf(nameServer.routes().topics())).doesNotContain("InteropTopic");
    }
}
