package io.kitemq.bench;

import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;

/**
 * A push consumer of the official client draining a topic that already holds a backlog: a new group,
 * CLUSTERING, {@code CONSUME_FROM_FIRST_OFFSET}, {@value #CONSUME_THREADS} consume threads, pull batches of
 * {@value #PULL_BATCH} and the given {@code consumeMessageBatchMaxSize}; the listener only counts and returns
 * {@code CONSUME_SUCCESS}. The clock runs from {@code start()} until every stored message (each
 * queue id and queue offset, so redeliveries do not count twice) has reached the listener. Bodies of the wrong
 * size are counted.
 */
final class BacklogDrain {

    static final int CONSUME_THREADS = 20;
    static final int PULL_BATCH = 32;

    /** What the consumer saw: distinct messages, all deliveries, wrong bodies, time to the first message. */
    record Result(
            long distinct, long delivered, long badBodies, long firstMessageNanos, boolean complete, CpuSample cpu) {

        /** Distinct messages per second from {@code start()} to the last one. */
        double perSecond() {
            return Units.perSecond(distinct, cpu.wallNanos());
        }

        /** Distinct messages per second from the first message to the last (without the client's start-up). */
        double perSecondFromFirst() {
            return firstMessageNanos < 0 ? 0 : Units.perSecond(distinct, cpu.wallNanos() - firstMessageNanos);
        }
    }

    private BacklogDrain() {}

    static Result run(
            String nameServer,
            String topic,
            String group,
            String instanceName,
            long expected,
            int bodyBytes,
            int consumeBatch,
            Duration timeout,
            long brokerPid)
            throws Exception {
        ConcurrentHashMap<Integer, BitSet> seen = new ConcurrentHashMap<>();
        AtomicLong distinct = new AtomicLong();
        AtomicLong delivered = new AtomicLong();
        AtomicLong badBodies = new AtomicLong();
        AtomicLong firstAt = new AtomicLong();
        AtomicLong lastAt = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);

        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(nameServer);
        consumer.setInstanceName(instanceName);
        consumer.setMessageModel(MessageModel.CLUSTERING);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setConsumeThreadMin(CONSUME_THREADS);
        consumer.setConsumeThreadMax(CONSUME_THREADS);
        consumer.setPullBatchSize(PULL_BATCH);
        consumer.setConsumeMessageBatchMaxSize(consumeBatch);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            firstAt.compareAndSet(0, System.nanoTime());
            for (MessageExt m : messages) {
                delivered.incrementAndGet();
                if (m.getBody() == null || m.getBody().length != bodyBytes) {
                    badBodies.incrementAndGet();
                }
                BitSet queue = seen.computeIfAbsent(m.getQueueId(), q -> new BitSet());
                boolean fresh;
                synchronized (queue) {
                    int offset = (int) m.getQueueOffset();
                    fresh = !queue.get(offset);
                    queue.set(offset);
                }
                if (fresh && distinct.incrementAndGet() == expected) {
                    lastAt.set(System.nanoTime());
                    done.countDown();
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        CpuSample start = CpuSample.now(brokerPid);
        try {
            consumer.start();
            boolean complete = done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            CpuSample used = CpuSample.now(brokerPid).since(start);
            if (complete) {
                used = new CpuSample(used.serverNanos(), used.driverNanos(), lastAt.get() - start.wallNanos());
            }
            long first = firstAt.get() == 0 ? -1 : firstAt.get() - start.wallNanos();
            return new Result(distinct.get(), delivered.get(), badBodies.get(), first, complete, used);
        } finally {
            consumer.shutdown();
        }
    }
}
