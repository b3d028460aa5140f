package io.kitemq.client.litepull;

import io.kitemq.client.rebalance.AllocationStrategy;
import io.kitemq.client.rebalance.AverageAllocation;
import io.kitemq.protocol.body.ConsumeFromWhere;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link LitePullConsumer}; defaults as RocketMQ's {@code DefaultLitePullConsumer}.
 *
 * @param group consumer group (offsets are kept on the brokers under it)
 * @param consumeFromWhere where a queue without a committed offset starts
 * @param consumeTimestampMillis start time for CONSUME_FROM_TIMESTAMP; 0 = 30 minutes before start
 * @param allocation how subscribe-mode queues are split over the group
 * @param pullBatchSize messages asked per pull (10)
 * @param maxBufferedPerQueue pulled-but-not-polled messages per queue before pulling pauses (1,000)
 * @param autoCommit commit the offsets of polled messages every {@code autoCommitInterval} (true, 5 s)
 * @param autoCommitInterval see {@code autoCommit}
 * @param rebalanceInterval subscribe mode: periodic rebalance (20 s)
 * @param longPollHold how long the broker may hold a pull with nothing new (5 s)
 * @param pullTimeout client-side timeout of one pull, longer than the hold (10 s)
 *
 * <p>Immutable; thread-safe.
 */
public record LitePullConfig(
        String group,
        ConsumeFromWhere consumeFromWhere,
        long consumeTimestampMillis,
        AllocationStrategy allocation,
        int pullBatchSize,
        int maxBufferedPerQueue,
        boolean autoCommit,
        Duration autoCommitInterval,
        Duration rebalanceInterval,
        Duration longPollHold,
        Duration pullTimeout) {

    public LitePullConfig {
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("consumer group is empty");
        }
        Objects.requireNonNull(consumeFromWhere, "consumeFromWhere");
        Objects.requireNonNull(allocation, "allocation");
        if (pullBatchSize < 1 || maxBufferedPerQueue < 1) {
            throw new IllegalArgumentException(
                    "pullBatchSize and maxBufferedPerQueue must be positive (group " + group + ")");
        }
        for (Duration d : new Duration[] {autoCommitInterval, rebalanceInterval, longPollHold, pullTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive, got " + d + " (group " + group + ")");
            }
        }
        if (pullTimeout.compareTo(longPollHold) <= 0) {
            throw new IllegalArgumentException(
                    "pullTimeout " + pullTimeout + " must exceed longPollHold " + longPollHold);
        }
    }

    public static LitePullConfig defaults(String group) {
        return new LitePullConfig(
                group,
                ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
                0,
                new AverageAllocation(),
                10,
                1_000,
                true,
                Duration.ofSeconds(5),
                Duration.ofSeconds(20),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10));
    }

    public LitePullConfig withConsumeFromWhere(ConsumeFromWhere v) {
        return edit(b -> b.consumeFromWhere = v);
    }

    /** Auto commit on ({@code interval}) or off ({@code null}). */
    public LitePullConfig withAutoCommit(Duration interval) {
        return edit(b -> {
            b.autoCommit = interval != null;
            b.autoCommitInterval = interval != null ? interval : autoCommitInterval;
        });
    }

    public LitePullConfig withRebalanceInterval(Duration v) {
        return edit(b -> b.rebalanceInterval = v);
    }

    public LitePullConfig withBuffering(int pullBatch, int maxPerQueue) {
        return edit(b -> {
            b.pullBatchSize = pullBatch;
            b.maxBufferedPerQueue = maxPerQueue;
        });
    }

    public LitePullConfig withLongPoll(Duration hold, Duration timeout) {
        return edit(b -> {
            b.longPollHold = hold;
            b.pullTimeout = timeout;
        });
    }

    public LitePullConfig withAllocation(AllocationStrategy v) {
        return edit(b -> b.allocation = v);
    }

    /** A copy with {@code change} applied to its settings (validated again by the canonical constructor). */
    private LitePullConfig edit(java.util.function.Consumer<Settings> change) {
        Settings b = new Settings(this);
        change.accept(b);
        return b.build();
    }

    /** The record's components as mutable fields: what the {@code withX} methods change in a copy. */
    private static final class Settings {
        String group;
        ConsumeFromWhere consumeFromWhere;
        long consumeTimestampMillis;
        AllocationStrategy allocation;
        int pullBatchSize;
        int maxBufferedPerQueue;
        boolean autoCommit;
        Duration autoCommitInterval;
        Duration rebalanceInterval;
        Duration longPollHold;
        Duration pullTimeout;

        Settings(LitePullConfig c) {
            group = c.group;
            consumeFromWhere = c.consumeFromWhere;
            consumeTimestampMillis = c.consumeTimestampMillis;
            allocation = c.allocation;
            pullBatchSize = c.pullBatchSize;
            maxBufferedPerQueue = c.maxBufferedPerQueue;
            autoCommit = c.autoCommit;
            autoCommitInterval = c.autoCommitInterval;
            rebalanceInterval = c.rebalanceInterval;
            longPollHold = c.longPollHold;
            pullTimeout = c.pullTimeout;
        }

        LitePullConfig build() {
            return new LitePullConfig(
                    group,
                    consumeFromWhere,
                    consumeTimestampMillis,
                    allocation,
                    pullBatchSize,
                    maxBufferedPerQueue,
                    autoCommit,
                    autoCommitInterval,
                    rebalanceInterval,
                    longPollHold,
                    pullTimeout);
        }
    }
}
