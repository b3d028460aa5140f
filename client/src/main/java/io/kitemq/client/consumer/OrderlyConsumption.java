package io.kitemq.client.consumer;

import io.kitemq.client.consumer.offset.OffsetStore;
import io.kitemq.protocol.message.MessageExt;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls an {@link OrderlyListener} with each queue's messages in queue order, one task per queue at a
 * time (queues still run in parallel on the pool). A clustering consumer consumes a queue only while
 * its broker lock is valid (granted or renewed within the last 30 s). A failed batch is put back and the
 * queue suspended for {@link PushConsumerConfig#orderlySuspend()}; nothing after it is consumed before
 * it succeeds. A queue that keeps a thread for a minute yields it to the others.
 *
 * <p>Thread-safe: per queue, the scheduled flag admits one task and the queue's consume lock is held
 * for each batch, so a rebalance can wait for the batch before unlocking the queue on the broker.
 */
final class OrderlyConsumption implements Consumption {

    private static final Logger log = LoggerFactory.getLogger(OrderlyConsumption.class);
    private static final long LOCK_MAX_LIVE_MILLIS = 30_000;
    private static final long MAX_CONTINUOUS_MILLIS = 60_000;
    private static final long NOT_LOCKED_DELAY_MILLIS = 100;

    private enum Outcome {
        EMPTY,
        SUSPENDED,
        YIELDED,
        STOPPED
    }

    private final PushConsumerConfig config;
    private final OrderlyListener listener;
    private final OffsetStore offsets;
    private final ScheduledExecutorService scheduler;
    private final ThreadPoolExecutor pool;

    OrderlyConsumption(
            PushConsumerConfig config,
            OrderlyListener listener,
            OffsetStore offsets,
            ScheduledExecutorService scheduler) {
        this.config = config;
        this.listener = listener;
        this.offsets = offsets;
        this.scheduler = scheduler;
        this.pool = ListenerThreads.create(config.group(), config.consumeThreads());
    }

    @Override
    public boolean orderly() {
        return true;
    }

    @Override
    public void submit(ProcessQueue pq, List<MessageExt> messages) {
        schedule(pq);
    }

    private void schedule(ProcessQueue pq) {
        if (pq.isDropped() || !pq.orderlyScheduled().compareAndSet(false, true)) {
            return;
        }
        try {
            pool.execute(() -> run(pq));
        } catch (RejectedExecutionException e) {
            pq.orderlyScheduled().set(false);
        }
    }

    private void scheduleLater(ProcessQueue pq, long delayMillis) {
        try {
            scheduler.schedule(() -> schedule(pq), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void run(ProcessQueue pq) {
        Outcome outcome = Outcome.STOPPED;
        try {
            outcome = drain(pq);
        } finally {
            pq.orderlyScheduled().set(false);
        }
        if (outcome == Outcome.YIELDED || (outcome == Outcome.EMPTY && pq.hasUntaken())) {
            schedule(pq);
        }
    }

    private Outcome drain(ProcessQueue pq) {
        long start = System.currentTimeMillis();
        while (!pq.isDropped()) {
            long now = System.currentTimeMillis();
            if (config.clustering() && !pq.isLockValid(now, LOCK_MAX_LIVE_MILLIS)) {
                scheduleLater(pq, NOT_LOCKED_DELAY_MILLIS);
                return Outcome.SUSPENDED;
            }
            if (now - start > MAX_CONTINUOUS_MILLIS) {
                return Outcome.YIELDED;
            }
            pq.consumeLock().lock();
            try {
                if (pq.isDropped()) {
                    return Outcome.STOPPED;
                }
                List<MessageExt> batch = pq.take(config.consumeBatchSize());
                if (batch.isEmpty()) {
                    return Outcome.EMPTY;
                }
                if (call(pq, batch) == ConsumeResult.SUCCESS) {
                    long commit = pq.commitTaken();
                    if (commit >= 0) {
                        offsets.update(pq.queue(), commit, false);
                    }
                } else {
                    batch.forEach(m -> m.setReconsumeTimes(m.getReconsumeTimes() + 1));
                    pq.returnTaken(batch);
                    scheduleLater(pq, config.orderlySuspend().toMillis());
                    return Outcome.SUSPENDED;
                }
            } finally {
                pq.consumeLock().unlock();
            }
        }
        return Outcome.STOPPED;
    }

    private ConsumeResult call(ProcessQueue pq, List<MessageExt> batch) {
        try {
            ConsumeResult r = listener.consume(batch, new ConsumeContext(pq.queue()));
            return r == ConsumeResult.SUCCESS ? r : ConsumeResult.RETRY;
        } catch (Throwable t) {
            log.debug("{}: orderly listener threw, suspending the queue", pq.queue(), t);
            return ConsumeResult.RETRY;
        }
    }

    @Override
    public void shutdown(Duration grace) {
        ListenerThreads.shutdown(pool, grace);
    }
}
