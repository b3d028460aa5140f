package io.kitemq.test.consumer;

import static org.awaitility.Awaitility.await;

import io.kitemq.client.admin.AdminClient;
import io.kitemq.client.admin.TopicSpec;
import io.kitemq.client.consumer.PushConsumerConfig;
import io.kitemq.client.core.ClientOptions;
import io.kitemq.client.producer.Producer;
import io.kitemq.client.producer.ProducerOptions;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A producer and an admin client against one NameServer + broker, with helpers to create topics and
 * send numbered messages; consumers get short periods so tests wait seconds. Closes what it created.
 */
final class ConsumerFixture implements AutoCloseable {

    final ClientOptions client;
    final String brokerAddress;
    final Producer producer;
    final AdminClient admin;
    final Path offsetDir;

    ConsumerFixture(String nameServer, String brokerAddress, Path offsetDir) {
        this.client = ClientOptions.of(nameServer)
                .withRouteRefreshInterval(Duration.ofSeconds(2))
                .withHeartbeatInterval(Duration.ofSeconds(2));
        this.brokerAddress = brokerAddress;
        this.offsetDir = offsetDir;
        this.producer = Producer.start(client, ProducerOptions.of("consumer-it-producer"));
        this.admin = AdminClient.create(client);
    }

    /** Creates {@code topic} with {@code queues} queues and waits until its route is published. */
    String topic(String topic, int queues) {
        admin.topics().createOrUpdateOnBroker(TopicSpec.of(topic, queues), brokerAddress);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                return admin.topics().route(topic).queueDatas().stream().anyMatch(q -> q.readQueueNums() == queues);
            } catch (RuntimeException e) {
                return false;
            }
        });
        return topic;
    }

    /** Consumer settings with periods of a second, long-poll hold 2 s. */
    PushConsumerConfig config(String group) {
        return PushConsumerConfig.defaults(group)
                .withPeriods(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withLongPoll(Duration.ofSeconds(2), Duration.ofSeconds(5))
                .withRetryDelays(Duration.ofMillis(200), Duration.ofMillis(300))
                .withOffsetDir(offsetDir);
    }

    /** Sends {@code count} messages with bodies {@code prefix0..}, tag {@code tag}; returns the bodies. */
    List<String> send(String topic, String tag, String prefix, int count) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = prefix + i;
            producer.send(new Message(topic, tag, body.getBytes(StandardCharsets.UTF_8)));
            bodies.add(body);
        }
        return bodies;
    }

    static String body(MessageExt m) {
        return new String(m.getBody(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
