package io.kitemq.client.consumer;

import io.kitemq.client.consumer.offset.OffsetStore;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.protocol.message.TopicName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one long-polling pull in flight per owned queue: pull, hand the messages to the {@link
 * Consumption}, pull again from the next offset. The broker holds a pull with nothing new for up to
 * the long-poll hold; the client's committed offset rides along on each pull. Pulls pause (and retry
 * every 50 ms) while the queue is over its {@link FlowControl} limits, and back off 3 s after an error.
 *
 * <p>The client re-checks each message's tag against the subscription (the broker filters by hash
 * only), and gives messages redelivered through the group's retry topic back their original topic.
 *
 * <p>Thread-safe: each queue's chain of pulls is sequential; chains run on the remoting callback
 * threads and the given scheduler.
 */
final class PullLoop {

    private static final Logger log = LoggerFactory.getLogger(PullLoop.class);
    private static final long FLOW_CONTROL_DELAY_MILLIS = 50;
    private static final long ERROR_DELAY_MILLIS = 3_000;
    private static final long UNLOCKED_DELAY_MILLIS = 500;

    private final PushConsumerConfig config;
    private final ConsumerRequests requests;
    private final OffsetStore offsets;
    private final Map<String, Subscription> subscriptions;
    private final Consumption consumption;
    private final ScheduledExecutorService scheduler;
    private final String retryTopic;
    private volatile boolean stopped;
    private final java.util.concurrent.atomic.AtomicLong flowControlPauses =
            new java.util.concurrent.atomic.AtomicLong();

    PullLoop(
            PushConsumerConfig config,
            ConsumerRequests requests,
            OffsetStore offsets,
            Map<String, Subscription> subscriptions,
            Consumption consumption,
            ScheduledExecutorService scheduler) {
        this.config = config;
        this.requests = requests;
        this.offsets = offsets;
        this.subscriptions = subscriptions;
        this.consumption = consumption;
        this.scheduler = scheduler;
        this.retryTopic = TopicName.RETRY_PREFIX + config.group();
    }

    /** Starts the pull chain of a newly owned queue at {@code offset}. */
    void start(ProcessQueue pq, long offset) {
        later(pq, offset, 0);
    }

    void stop() {
        stopped = true;
    }

    /** How many times a pull waited because a queue was over its limits (for tests and metrics). */
    long flowControlPauses() {
        return flowControlPauses.get();
    }

    private void later(ProcessQueue pq, long offset, long delayMillis) {
        if (stopped || pq.isDropped()) {
            return;
        }
        try {
            scheduler.schedule(() -> pull(pq, offset), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void pull(ProcessQueue pq, long offset) {
        if (stopped || pq.isDropped()) {
            return;
        }
        FlowControl.Verdict verdict = config.flowControl().check(pq, consumption.orderly());
        if (verdict != FlowControl.Verdict.PULL) {
            flowControlPauses.incrementAndGet();
            log.debug("{}: pull paused ({}), {} messages held", pq.queue(), verdict, pq.count());
            later(pq, offset, FLOW_CONTROL_DELAY_MILLIS);
            return;
        }
        if (consumption.orderly() && config.clustering() && !pq.isLocked()) {
            later(pq, offset, UNLOCKED_DELAY_MILLIS);
            return;
        }
        Subscription sub = subscriptions.get(pq.queue().topic());
        if (sub == null) {
            return;
        }
        long commit = config.clustering() ? offsets.readLocal(pq.queue()) : 0;
        ConsumerRequests.Pull p = new ConsumerRequests.Pull(
                config.group(),
                pq.queue(),
                offset,
                config.pullBatchSize(),
                commit,
                sub,
                config.longPollHold(),
                config.pullTimeout(),
                false);
        requests.pull(p).whenComplete((result, error) -> {
            try {
                onPulled(pq, sub, offset, result, error);
            } catch (RuntimeException e) {
                log.warn("{}: handling a pull result failed: {}", pq.queue(), e.toString());
                later(pq, offset, ERROR_DELAY_MILLIS);
            }
        });
    }

    private void onPulled(ProcessQueue pq, Subscription sub, long offset, PullResult r, Throwable error) {
        if (stopped || pq.isDropped()) {
            return;
        }
        if (error != null) {
            log.warn(
                    "{}: pull at offset {} failed, retrying in {} ms: {}",
                    pq.queue(),
                    offset,
                    ERROR_DELAY_MILLIS,
                    error.getMessage());
            later(pq, offset, ERROR_DELAY_MILLIS);
            return;
        }
        pq.markPulled(System.currentTimeMillis());
        long next = r.nextBeginOffset();
        switch (r.status()) {
            case FOUND -> {
                List<MessageExt> wanted = accept(sub, r.messages());
                if (wanted.isEmpty()) {
                    if (pq.count() == 0) {
                        offsets.update(pq.queue(), next, true);
                    }
                } else {
                    pq.add(wanted);
                    consumption.submit(pq, wanted);
                }
            }
            case NO_NEW_MSG, NO_MATCHED_MSG -> {
                if (pq.count() == 0) {
                    offsets.update(pq.queue(), next, true);
                }
            }
            case OFFSET_ILLEGAL -> {
                log.warn("{}: offset {} is illegal, moving to {}", pq.queue(), offset, next);
                pq.clear();
                offsets.update(pq.queue(), next, false);
                offsets.persist(pq.queue());
            }
        }
        later(pq, next, 0);
    }

    private List<MessageExt> accept(Subscription sub, List<MessageExt> pulled) {
        List<MessageExt> wanted = new ArrayList<>(pulled.size());
        for (MessageExt m : pulled) {
            if (!sub.matches(m)) {
                continue;
            }
            String original = m.getProperty(PropertyKeys.PROPERTY_RETRY_TOPIC);
            if (original != null && retryTopic.equals(m.getTopic())) {
                m.setTopic(original);
            }
            wanted.add(m);
        }
        return wanted;
    }
}
