package io.kitemq.test.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.Broker;
import io.kitemq.broker.BrokerConfig;
import io.kitemq.broker.BrokerMetrics;
import io.kitemq.client.core.ClientOptions;
import io.kitemq.client.core.ClientRuntime;
import io.kitemq.client.producer.Producer;
import io.kitemq.client.producer.ProducerOptions;
import io.kitemq.client.producer.SendResult;
import io.kitemq.client.producer.SendStatus;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.store.StoreConfig;
import io.kitemq.store.StoreMetrics;
import io.kitemq.test.EmbeddedKiteMq;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two brokers behind one NameServer (the embedded cluster's broker-a plus a second broker-b started
 * here); broker-b goes away while the producer still routes to it, and every send still succeeds on
 * broker-a through a retry.
 */
class ProducerRetryIT {

    @TempDir
    Path dir;

    EmbeddedKiteMq mq;
    Broker brokerB;
    ClientRuntime admin;

    @BeforeEach
    void start() {
        mq = EmbeddedKiteMq.start(dir.resolve("a"));
        StoreConfig store = StoreConfig.defaults(dir.resolve("b")).withSegmentBytes(64 << 20, 100_000);
        BrokerConfig config = BrokerConfig.defaults(store)
                .withIdentity("DefaultCluster", "broker-b", 0)
                .withListen("127.0.0.1", "127.0.0.1", 0)
                .withNameServers(List.of(mq.nameServerAddress()))
                .withRegisterInterval(Duration.ofSeconds(5));
        brokerB = new Broker(config, InstantSource.system(), BrokerMetrics.NONE, StoreMetrics.NONE).start();
        admin = ClientRuntime.start(ClientOptions.of(mq.nameServerAddress()), "it-admin");
    }

    @AfterEach
    void stop() {
        admin.close();
        if (brokerB != null) {
            brokerB.close();
        }
        mq.close();
    }

    @Test
    void sendsToABrokerThatWentAwayAreRetriedOnTheOther() {
        String topic = "RetryTopic";
        BrokerQueues.createTopic(admin, mq.brokerAddress(), topic, 4);
        BrokerQueues.createTopic(admin, brokerB.address(), topic, 4);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> admin.fetchRoute(topic)
                                .map(r -> r.publishQueues().size())
                                .orElse(0)
                        == 8);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Producer producer =
                Producer.start(ClientOptions.of(mq.nameServerAddress()), ProducerOptions.of("it-retry"), meters)) {
            Set<String> brokersUsed = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                brokersUsed.add(producer.send(new Message(topic, ("before-" + i).getBytes()))
                        .queue()
                        .brokerName());
            }
            assertThat(brokersUsed).containsExactlyInAnyOrder("broker-a", "broker-b");

            brokerB.close();
            brokerB = null;
            // async first, all at once, so several of them meet broker-b in the still cached route
            List<CompletableFuture<SendResult>> async = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                async.add(producer.sendAsync(new Message(topic, ("after-async-" + i).getBytes())));
            }
            List<SendResult> after = new ArrayList<>();
            async.forEach(f -> after.add(f.join()));
            for (int i = 0; i < 20; i++) {
                after.add(producer.send(new Message(topic, ("after-" + i).getBytes())));
            }

            assertThat(after).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(SendStatus.SEND_OK);
                assertThat(r.queue().brokerName()).isEqualTo("broker-a");
            });
            Timer failedOnB = meters.find("resilience4j.circuitbreaker.calls")
                    .tag("name", "it-retry@broker-b")
                    .tag("kind", "failed")
                    .timer();
            assertThat(failedOnB).isNotNull();
            assertThat(failedOnB.count())
                    .as("sends that failed on broker-b and were retried")
                    .isPositive();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                List<MessageExt> onA = BrokerQueues.readAll(admin, mq.brokerAddress(), topic, 4);
                assertThat(onA)
                        .extracting(m -> new String(m.getBody()))
                        .filteredOn(b -> b.startsWith("after-"))
                        .hasSize(40);
            });
        }
    }
}
