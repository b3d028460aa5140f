package io.kitemq.broker.interop;

import static org.awaitility.Awaitility.await;

import io.kitemq.broker.EmbeddedCluster;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;

/**
 * Official Apache RocketMQ 5.5.0 clients pointed at one {@link EmbeddedCluster}, with the client's periodic
 * work shortened so tests wait seconds, not half minutes: route refresh and heartbeat every second, offsets
 * persisted every second, a failed pull retried after 200 ms. Every client gets its own instance name, so no
 * two share an {@code MQClientInstance}. Owns the clients it created and shuts them all down at once on
 * {@link #close} (a 5.5.0 client takes up to 3 s to stop its event thread, so stopping them one by one
 * would cost seconds per client).
 *
 * <p>Not thread-safe: used from the test thread only.
 */
final class OfficialClients implements AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final EmbeddedCluster cluster;
    private final Deque<Runnable> shutdowns = new ArrayDeque<>();

    OfficialClients(EmbeddedCluster cluster) {
        this.cluster = cluster;
    }

    /** A started producer of {@code group}. */
    DefaultMQProducer producer(String group) throws Exception {
        DefaultMQProducer p = new DefaultMQProducer(group);
        configure(p, group);
        p.start();
        shutdowns.push(p::shutdown);
        return p;
    }

    /** A started transactional producer of {@code group} whose local transactions {@code listener} decides. */
    TransactionMQProducer transactionProducer(String group, TransactionListener listener) throws Exception {
        TransactionMQProducer p = new TransactionMQProducer(group);
        configure(p, group);
        p.setTransactionListener(listener);
        p.start();
        shutdowns.push(p::shutdown);
        return p;
    }

    /**
     * A push consumer of {@code group} subscribed to {@code topic} with {@code expression}, reading new
     * queues from their first offset, in {@code model}; not started, so the test registers its listener.
     */
    DefaultMQPushConsumer pushConsumer(String group, String topic, String expression, MessageModel model)
            throws Exception {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        configure(c, group);
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.setMessageModel(model);
        c.subscribe(topic, expression);
        shutdowns.push(c::shutdown);
        return c;
    }

    /** Like {@link #pushConsumer(String, String, String, MessageModel)}, subscribed with a selector (SQL92). */
    DefaultMQPushConsumer pushConsumer(String group, String topic, MessageSelector selector) throws Exception {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        configure(c, group);
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(topic, selector);
        shutdowns.push(c::shutdown);
        return c;
    }

    /** A lite pull consumer of {@code group}, not started, committing only when told to. */
    DefaultLitePullConsumer litePullConsumer(String group) {
        DefaultLitePullConsumer c = new DefaultLitePullConsumer(group);
        configure(c, group);
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.setAutoCommit(false);
        c.setPollTimeoutMillis(1000);
        shutdowns.push(c::shutdown);
        return c;
    }

    /** The queues of {@code topic} that {@code consumer}'s rebalance currently gives it. */
    static Set<MessageQueue> allocated(DefaultMQPushConsumer consumer, String topic) {
        return consumer.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().keySet().stream()
                .filter(mq -> mq.getTopic().equals(topic))
                .collect(Collectors.toSet());
    }

    /**
     * Waits until {@code settled} holds, waking the consumers' rebalance threads at every poll: a rebalance
     * that could not lock an orderly queue (its former owner had not released it yet) otherwise retries only
     * at the client's next 20 s tick.
     */
    static void awaitRebalanced(BooleanSupplier settled, DefaultMQPushConsumer... consumers) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (settled.getAsBoolean()) {
                        return true;
                    }
                    for (DefaultMQPushConsumer c : consumers) {
                        c.getDefaultMQPushConsumerImpl().getmQClientFactory().rebalanceImmediately();
                    }
                    return false;
                });
    }

    private void configure(ClientConfig config, String group) {
        config.setNamesrvAddr(cluster.nameServerAddress());
        config.setInstanceName(group + "-" + INSTANCES.incrementAndGet() + "-"
                + ProcessHandle.current().pid());
        config.setPollNameServerInterval(1000);
        config.setHeartbeatBrokerInterval(1000);
        config.setPersistConsumerOffsetInterval(1000);
        config.setPullTimeDelayMillsWhenException(200);
    }

    @Override
    public void close() {
        List<Thread> stopping = new ArrayList<>();
        while (!shutdowns.isEmpty()) {
            Thread t = new Thread(shutdowns.pop(), "interop-client-shutdown");
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
