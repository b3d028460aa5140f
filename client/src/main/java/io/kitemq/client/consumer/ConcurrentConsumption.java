package io.kitemq.client.consumer;

import io.kitemq.client.KiteMqClientException;
import io.kitemq.client.consumer.offset.OffsetStore;
import io.kitemq.protocol.message.MessageExt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a {@link ConcurrentListener} on a pool of threads, {@code consumeBatchSize} messages at a time.
 * After each call the consumed messages leave their {@link ProcessQueue} and the queue's commit offset
 * (its smallest unconsumed offset) is recorded. Failed messages (RETRY, an exception, or null) of a
 * clustering consumer are sent back to the broker with delay level 0 (the broker picks the delay from
 * the reconsume count); a message the broker did not take back is consumed again locally after a delay,
 * with its reconsume count increased, and holds the commit offset until then. Broadcasting consumers
 * have no retry topic: their failed messages are logged and skipped, as in RocketMQ.
 *
 * <p>Thread-safe.
 */
final class ConcurrentConsumption implements Consumption {

    private static final Logger log = LoggerFactory.getLogger(ConcurrentConsumption.class);

    private final PushConsumerConfig config;
    private final ConcurrentListener listener;
    private final ConsumerRequests requests;
    private final OffsetStore offsets;
    private final ScheduledExecutorService scheduler;
    private final ThreadPoolExecutor pool;
    private final AtomicLong failedBatches = new AtomicLong();

    ConcurrentConsumption(
            PushConsumerConfig config,
            ConcurrentListener listener,
            ConsumerRequests requests,
            OffsetStore offsets,
            ScheduledExecutorService scheduler) {
        this.config = config;
        this.listener = listener;
        this.requests = requests;
        this.offsets = offsets;
        this.scheduler = scheduler;
        this.pool = ListenerThreads.create(config.group(), config.consumeThreads());
    }

    @Override
    public boolean orderly() {
        return false;
    }

    @Override
    public void submit(ProcessQueue pq, List<MessageExt> messages) {
        int size = config.consumeBatchSize();
        for (int i = 0; i < messages.size(); i += size) {
            List<MessageExt> batch = messages.subList(i, Math.min(i + size, messages.size()));
            execute(pq, List.copyOf(batch));
        }
    }

    private void execute(ProcessQueue pq, List<MessageExt> batch) {
        try {
            pool.execute(() -> consume(pq, batch));
        } catch (RejectedExecutionException e) {
            log.debug("{}: consumer closing, {} messages left for the next owner", pq.queue(), batch.size());
        }
    }

    /** Listener calls that failed (RETRY, null or an exception), for tests and metrics. */
    long failedBatches() {
        return failedBatches.get();
    }

    private void consume(ProcessQueue pq, List<MessageExt> batch) {
        if (pq.isDropped()) {
            return;
        }
        ConsumeResult result = call(pq, batch);
        if (pq.isDropped()) {
            return;
        }
        List<MessageExt> retryLocally = result == ConsumeResult.SUCCESS ? List.of() : sendBack(pq, batch);
        List<MessageExt> done = new ArrayList<>(batch);
        done.removeAll(retryLocally);
        long commit = pq.remove(done);
        if (commit >= 0 && !pq.isDropped()) {
            offsets.update(pq.queue(), commit, true);
        }
        if (!retryLocally.isEmpty()) {
            try {
                scheduler.schedule(
                        () -> execute(pq, retryLocally),
                        config.retryLaterDelay().toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closing: the messages stay uncommitted and are redelivered to the next owner
            }
        }
    }

    private ConsumeResult call(ProcessQueue pq, List<MessageExt> batch) {
        ConsumeResult result;
        try {
            result = listener.consume(batch, new ConsumeContext(pq.queue()));
        } catch (Throwable t) {
            log.debug("{}: listener threw on {} messages, they will be retried", pq.queue(), batch.size(), t);
            result = ConsumeResult.RETRY;
        }
        if (result != ConsumeResult.SUCCESS) {
            failedBatches.incrementAndGet();
            return ConsumeResult.RETRY;
        }
        return result;
    }

    /** Sends failed messages back; returns those the broker did not take (to be consumed again here). */
    private List<MessageExt> sendBack(ProcessQueue pq, List<MessageExt> failed) {
        if (!config.clustering()) {
            log.debug("{}: broadcasting consumer skips {} failed messages", pq.queue(), failed.size());
            return List.of();
        }
        List<MessageExt> notTaken = new ArrayList<>();
        for (MessageExt m : failed) {
            try {
                requests.sendBack(config.group(), m, 0, config.maxReconsumeTimes());
            } catch (KiteMqClientException e) {
                log.debug(
                        "{}: send-back of offset {} failed, consuming it again later: {}",
                        pq.queue(),
                        m.getQueueOffset(),
                        e.getMessage());
                m.setReconsumeTimes(m.getReconsumeTimes() + 1);
                notTaken.add(m);
            }
        }
        return notTaken;
    }

    @Override
    public void shutdown(Duration grace) {
        ListenerThreads.shutdown(pool, grace);
    }
}
