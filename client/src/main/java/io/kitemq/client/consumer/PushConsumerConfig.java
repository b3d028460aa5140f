package io.kitemq.client.consumer;

import io.kitemq.client.rebalance.AllocationStrategy;
import io.kitemq.client.rebalance.AverageAllocation;
import io.kitemq.protocol.body.ConsumeFromWhere;
import io.kitemq.protocol.body.MessageModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link PushConsumer}; defaults as RocketMQ's {@code DefaultMQPushConsumer}.
 *
 * @param group consumer group
 * @param messageModel CLUSTERING (queues split over the group, offsets on the broker) or BROADCASTING
 *     (every client gets everything, offsets in a local file)
 * @param consumeFromWhere where a group with no committed offset starts (LAST, FIRST or TIMESTAMP)
 * @param consumeTimestampMillis start time for CONSUME_FROM_TIMESTAMP; 0 = 30 minutes before start
 * @param allocation how the group splits queues (clustering)
 * @param consumeThreads listener threads (20)
 * @param pullBatchSize messages asked per pull (32)
 * @param consumeBatchSize messages per listener call (1)
 * @param flowControl per-queue thresholds pausing pulls
 * @param longPollHold how long the broker may hold a pull with no new message (15 s)
 * @param pullTimeout client-side timeout of one pull; longer than the hold (30 s)
 * @param rebalanceInterval periodic rebalance (20 s); also on the broker's notification
 * @param persistInterval periodic offset persist (5 s); also on close
 * @param lockInterval orderly: renew broker queue locks (20 s); a lock not renewed for 30 s is not trusted
 * @param orderlySuspend orderly: pause before retrying a failed batch (1 s)
 * @param retryLaterDelay concurrent: delay before re-consuming locally when a send-back failed (5 s)
 * @param maxReconsumeTimes deliveries after the first before the broker moves a message to the DLQ (16)
 * @param offsetDir root of broadcasting offset files ({@code <dir>/<clientId>/<group>/offsets.json})
 */
public record PushConsumerConfig(
        String group,
        MessageModel messageModel,
        ConsumeFromWhere consumeFromWhere,
        long consumeTimestampMillis,
        AllocationStrategy allocation,
        int consumeThreads,
        int pullBatchSize,
        int consumeBatchSize,
        FlowControl flowControl,
        Duration longPollHold,
        Duration pullTimeout,
        Duration rebalanceInterval,
        Duration persistInterval,
        Duration lockInterval,
        Duration orderlySuspend,
        Duration retryLaterDelay,
        int maxReconsumeTimes,
        Path offsetDir) {

    public PushConsumerConfig {
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("consumer group is empty");
        }
        Objects.requireNonNull(messageModel, "messageModel");
        Objects.requireNonNull(consumeFromWhere, "consumeFromWhere");
        Objects.requireNonNull(allocation, "allocation");
        Objects.requireNonNull(flowControl, "flowControl");
        Objects.requireNonNull(offsetDir, "offsetDir");
        positive("consumeThreads", consumeThreads);
        positive("pullBatchSize", pullBatchSize);
        positive("consumeBatchSize", consumeBatchSize);
        for (Duration d : new Duration[] {
            longPollHold, pullTimeout, rebalanceInterval, persistInterval, lockInterval, orderlySuspend, retryLaterDelay
        }) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive, got " + d + " (group " + group + ")");
            }
        }
        if (pullTimeout.compareTo(longPollHold) <= 0) {
            throw new IllegalArgumentException(
                    "pullTimeout " + pullTimeout + " must exceed longPollHold " + longPollHold);
        }
        if (maxReconsumeTimes < 0) {
            throw new IllegalArgumentException("maxReconsumeTimes must be >= 0: " + maxReconsumeTimes);
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /** Clustering, from the last offset, AVG allocation, RocketMQ's periods and sizes. */
    public static PushConsumerConfig defaults(String group) {
        return new PushConsumerConfig(
                group,
                MessageModel.CLUSTERING,
                ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
                0,
                new AverageAllocation(),
                20,
                32,
                1,
                FlowControl.DEFAULTS,
                Duration.ofSeconds(15),
                Duration.ofSeconds(30),
                Duration.ofSeconds(20),
                Duration.ofSeconds(5),
                Duration.ofSeconds(20),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                16,
                Path.of(System.getProperty("user.home"), ".kitemq_offsets"));
    }

    public boolean clustering() {
        return messageModel != MessageModel.BROADCASTING;
    }

    public PushConsumerConfig withMessageModel(MessageModel v) {
        return edit(b -> b.messageModel = v);
    }

    public PushConsumerConfig withConsumeFromWhere(ConsumeFromWhere v) {
        return edit(b -> b.consumeFromWhere = v);
    }

    /** CONSUME_FROM_TIMESTAMP starting at {@code epochMillis}. */
    public PushConsumerConfig withConsumeTimestamp(long epochMillis) {
        return edit(b -> {
            b.consumeFromWhere = ConsumeFromWhere.CONSUME_FROM_TIMESTAMP;
            b.consumeTimestampMillis = epochMillis;
        });
    }

    public PushConsumerConfig withAllocation(AllocationStrategy v) {
        return edit(b -> b.allocation = v);
    }

    public PushConsumerConfig withConsumeThreads(int v) {
        return edit(b -> b.consumeThreads = v);
    }

    public PushConsumerConfig withBatchSizes(int pull, int consume) {
        return edit(b -> {
            b.pullBatchSize = pull;
            b.consumeBatchSize = consume;
        });
    }

    public PushConsumerConfig withFlowControl(FlowControl v) {
        return edit(b -> b.flowControl = v);
    }

    /** Long-poll hold and pull timeout together (the timeout must exceed the hold). */
    public PushConsumerConfig withLongPoll(Duration hold, Duration timeout) {
        return edit(b -> {
            b.longPollHold = hold;
            b.pullTimeout = timeout;
        });
    }

    /** Rebalance, offset persist and lock renewal periods. */
    public PushConsumerConfig withPeriods(Duration rebalance, Duration persist, Duration lock) {
        return edit(b -> {
            b.rebalanceInterval = rebalance;
            b.persistInterval = persist;
            b.lockInterval = lock;
        });
    }

    /** Orderly suspend and local re-consume delays. */
    public PushConsumerConfig withRetryDelays(Duration orderly, Duration retryLater) {
        return edit(b -> {
            b.orderlySuspend = orderly;
            b.retryLaterDelay = retryLater;
        });
    }

    public PushConsumerConfig withMaxReconsumeTimes(int v) {
        return edit(b -> b.maxReconsumeTimes = v);
    }

    public PushConsumerConfig withOffsetDir(Path v) {
        return edit(b -> b.offsetDir = v);
    }

    /** A copy with {@code change} applied to its settings (validated again by the canonical constructor). */
    private PushConsumerConfig edit(java.util.function.Consumer<Settings> change) {
        Settings b = new Settings(this);
        change.accept(b);
        return b.build();
    }

    /** The record's components as mutable fields: what the {@code withX} methods change in a copy. */
    private static final class Settings {
        String group;
        MessageModel messageModel;
        ConsumeFromWhere consumeFromWhere;
        long consumeTimestampMillis;
        AllocationStrategy allocation;
        int consumeThreads;
        int pullBatchSize;
        int consumeBatchSize;
        FlowControl flowControl;
        Duration longPollHold;
        Duration pullTimeout;
        Duration rebalanceInterval;
        Duration persistInterval;
        Duration lockInterval;
        Duration orderlySuspend;
        Duration retryLaterDelay;
        int maxReconsumeTimes;
        Path offsetDir;

        Settings(PushConsumerConfig c) {
            group = c.group;
            messageModel = c.messageModel;
            consumeFromWhere = c.consumeFromWhere;
            consumeTimestampMillis = c.consumeTimestampMillis;
            allocation = c.allocation;
            consumeThreads = c.consumeThreads;
            pullBatchSize = c.pullBatchSize;
            consumeBatchSize = c.consumeBatchSize;
            flowControl = c.flowControl;
            longPollHold = c.longPollHold;
            pullTimeout = c.pullTimeout;
            rebalanceInterval = c.rebalanceInterval;
            persistInterval = c.persistInterval;
            lockInterval = c.lockInterval;
            orderlySuspend = c.orderlySuspend;
            retryLaterDelay = c.retryLaterDelay;
            maxReconsumeTimes = c.maxReconsumeTimes;
            offsetDir = c.offsetDir;
        }

        PushConsumerConfig build() {
            return new PushConsumerConfig(
                    group,
                    messageModel,
                    consumeFromWhere,
                    consumeTimestampMillis,
                    allocation,
                    consumeThreads,
                    pullBatchSize,
                    consumeBatchSize,
                    flowControl,
                    longPollHold,
                    pullTimeout,
                    rebalanceInterval,
                    persistInterval,
                    lockInterval,
                    orderlySuspend,
                    retryLaterDelay,
                    maxReconsumeTimes,
                    offsetDir);
        }
    }
}
