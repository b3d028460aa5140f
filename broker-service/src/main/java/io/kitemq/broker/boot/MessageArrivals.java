package io.kitemq.broker.boot;

import io.kitemq.broker.BrokerMetrics;
import io.kitemq.store.MessageFilter;
import io.kitemq.store.MessageStore;
import io.kitemq.store.dispatch.DispatchRequest;
import io.kitemq.store.dispatch.DispatchTarget;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Long polling for REST pulls, without a thread per waiting request: a pull that found nothing new
 * waits here for a message dispatched to its queue at or after its offset whose tag matches, or for its
 * wait to pass — a Reactor timer, so no thread is blocked. Registered with the store as a dispatch
 * listener, as the remoting long polling is; the dispatcher thread only completes the waiting
 * {@link Mono}s, the pull runs again on another scheduler.
 *
 * <p>Thread-safe: waits are kept in concurrent queues per topic/queue, and each is completed once
 * (removed before it is completed). {@link #close} ends every wait (shutdown).
 */
final class MessageArrivals implements DispatchTarget, AutoCloseable {

    /** One waiting pull. */
    private static final class Wait {
        final long offset;
        final MessageFilter filter;
        final MonoSink<Boolean> sink;
        final AtomicBoolean done = new AtomicBoolean();

        Wait(long offset, MessageFilter filter, MonoSink<Boolean> sink) {
            this.offset = offset;
            this.filter = filter;
            this.sink = sink;
        }
    }

    private final Map<String, ConcurrentLinkedQueue<Wait>> waits = new ConcurrentHashMap<>();
    private final MessageStore store;
    private final BrokerMetrics metrics;
    private volatile boolean closed;

    MessageArrivals(MessageStore store, BrokerMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    private static String key(String topic, int queueId) {
        return topic + '@' + queueId;
    }

    /**
     * Completes with true when a message at or after {@code offset} that {@code filter} may accept is
     * dispatched to the queue (or is there already), with false when {@code maxWait} passes first.
     */
    Mono<Boolean> await(String topic, int queueId, long offset, MessageFilter filter, Duration maxWait) {
        Mono<Boolean> arrival = Mono.create(sink -> {
            Wait wait = new Wait(offset, filter, sink);
            ConcurrentLinkedQueue<Wait> queue =
                    waits.computeIfAbsent(key(topic, queueId), k -> new ConcurrentLinkedQueue<>());
            queue.add(wait);
            metrics.pullsHeld(1);
            sink.onDispose(() -> finish(queue, wait, null));
            // a message may have arrived between the empty read and the registration
            if (closed) {
                finish(queue, wait, false);
            } else if (store.maxOffset(topic, queueId) > offset) {
                finish(queue, wait, true);
            }
        });
        return arrival.timeout(maxWait, Mono.just(false));
    }

    /** Number of REST pulls waiting now. */
    int waitingCount() {
        int n = 0;
        for (ConcurrentLinkedQueue<Wait> q : waits.values()) {
            n += q.size();
        }
        return n;
    }

    @Override
    public void dispatch(DispatchRequest r) {
        ConcurrentLinkedQueue<Wait> queue = waits.get(key(r.topic(), r.queueId()));
        if (queue == null || queue.isEmpty()) {
            return;
        }
        for (Wait wait : queue) {
            if (r.queueOffset() >= wait.offset && wait.filter.matchesTagHash(r.tagHash())) {
                finish(queue, wait, true);
            }
        }
    }

    /** Removes the wait once and, unless it was cancelled ({@code result} null), completes it. */
    private void finish(ConcurrentLinkedQueue<Wait> queue, Wait wait, Boolean result) {
        if (!wait.done.compareAndSet(false, true)) {
            return;
        }
        queue.remove(wait);
        metrics.pullsHeld(-1);
        if (result != null) {
            wait.sink.success(result);
        }
    }

    /** Releases every waiting pull now as if its wait had passed (shutdown); later waits end at once. */
    @Override
    public void close() {
        closed = true;
        for (ConcurrentLinkedQueue<Wait> queue : waits.values()) {
            for (Wait wait : queue) {
                finish(queue, wait, false);
            }
        }
    }
}
