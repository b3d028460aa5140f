package io.kitemq.test.kinds;

import static org.awaitility.Awaitility.await;

import io.kitemq.broker.schedule.DelayLevels;
import io.kitemq.broker.schedule.ScheduleConfig;
import io.kitemq.broker.transaction.TransactionConfig;
import io.kitemq.client.admin.AdminClient;
import io.kitemq.client.admin.QueueStatus;
import io.kitemq.client.admin.TopicSpec;
import io.kitemq.client.consumer.ConcurrentListener;
import io.kitemq.client.consumer.PushConsumer;
import io.kitemq.client.consumer.PushConsumerConfig;
import io.kitemq.client.consumer.Subscription;
import io.kitemq.client.core.ClientOptions;
import io.kitemq.client.producer.Producer;
import io.kitemq.client.producer.ProducerOptions;
import io.kitemq.protocol.body.ConsumeFromWhere;
import io.kitemq.store.FlushMode;
import io.kitemq.test.EmbeddedKiteMq;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One embedded NameServer + broker with short delay levels ({@value #LEVELS}: levels 3+ — the retry
 * delays — are 300 ms) and quick transaction check-backs (first after 1 s, then every 500 ms), plus our
 * producer and admin client. Consumers made here start from the first offset, rebalance and persist
 * every second, and are closed with the fixture.
 */
final class KindsFixture implements AutoCloseable {

    static final String LEVELS = "1s 2s 300ms 300ms 300ms 300ms";
    static final Duration WAIT = Duration.ofSeconds(20);

    final EmbeddedKiteMq mq;
    final ClientOptions client;
    final Producer producer;
    final AdminClient admin;
    private final Path dir;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    KindsFixture(Path dir) {
        this.dir = dir;
        this.mq = EmbeddedKiteMq.start(
                dir.resolve("mq"),
                FlushMode.ASYNC,
                config -> config.withSchedule(ScheduleConfig.defaults().withDelayLevels(DelayLevels.parse(LEVELS))),
                broker -> broker.transactionConfig(
                        new TransactionConfig(Duration.ofSeconds(1), Duration.ofMillis(500), 10)));
        this.client = ClientOptions.of(mq.nameServerAddress())
                .withRouteRefreshInterval(Duration.ofSeconds(2))
                .withHeartbeatInterval(Duration.ofSeconds(2));
        this.producer = Producer.start(client, ProducerOptions.of("kinds-producer"));
        this.admin = AdminClient.create(client);
    }

    /** Creates {@code topic} with {@code queues} queues and waits until its route is published. */
    String topic(String topic, int queues) {
        admin.topics().createOrUpdateOnBroker(TopicSpec.of(topic, queues), mq.brokerAddress());
        await().atMost(WAIT).until(() -> {
            try {
                return admin.topics().route(topic).queueDatas().stream().anyMatch(q -> q.readQueueNums() == queues);
            } catch (RuntimeException e) {
                return false;
            }
        });
        return topic;
    }

    /** Consumer settings: from the first offset, periods of a second, long-poll hold 1 s. */
    PushConsumerConfig config(String group) {
        return PushConsumerConfig.defaults(group)
                .withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                .withPeriods(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withLongPoll(Duration.ofSeconds(1), Duration.ofSeconds(4))
                .withRetryDelays(Duration.ofMillis(200), Duration.ofMillis(300))
                .withOffsetDir(dir.resolve("offsets"));
    }

    /** Starts a push consumer (closed with the fixture). */
    PushConsumer consumer(PushConsumerConfig config, Subscription subscription, ConcurrentListener listener) {
        PushConsumer c = PushConsumer.start(client, config, List.of(subscription), listener);
        closeables.add(c);
        return c;
    }

    /** Registers something to close with the fixture (before the clients and the broker). */
    <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    /** The number of messages stored in {@code topic} (sum of its queues' max offsets). */
    long stored(String topic) {
        return admin.topics().status(topic).stream()
                .mapToLong(QueueStatus::maxOffset)
                .sum();
    }

    @Override
    public void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        producer.close();
        admin.close();
        mq.close();
    }
}
