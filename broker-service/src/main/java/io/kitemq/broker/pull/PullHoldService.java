package io.kitemq.broker.pull;

import io.kitemq.broker.BrokerMetrics;
import io.kitemq.broker.filter.PropertyFilter;
import io.kitemq.store.MessageStore;
import io.kitemq.store.dispatch.DispatchRequest;
import io.kitemq.store.dispatch.DispatchTarget;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long polling: holds pulls that found nothing until a matching message is dispatched to their queue
 * (the store tells it, on the dispatcher thread, for every record) or their suspend time passes; then
 * the pull runs again and is answered. A sweep every {@code checkInterval} also releases pulls whose
 * queue grew without a matching notification (filtered out, or raced) and those past their deadline.
 *
 * <p>Thread-safe: holds are kept in concurrent queues per topic/queue; a held pull is resumed exactly
 * once (removed before it is resumed).
 */
public final class PullHoldService implements DispatchTarget, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PullHoldService.class);

    private final Map<String, ConcurrentLinkedQueue<HeldPull>> held = new ConcurrentHashMap<>();
    private final MessageStore store;
    private final InstantSource clock;
    private final BrokerMetrics metrics;
    private final ScheduledExecutorService sweeper;
    private volatile Consumer<HeldPull> resumer;

    public PullHoldService(MessageStore store, InstantSource clock, BrokerMetrics metrics, long checkIntervalMillis) {
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kitemq-broker-pull-hold");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, checkIntervalMillis, checkIntervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Who runs a released pull again (the pull handler, on its executor). */
    void resumeWith(Consumer<HeldPull> resumer) {
        this.resumer = resumer;
    }

    private static String key(String topic, int queueId) {
        return topic + '@' + queueId;
    }

    void hold(HeldPull pull) {
        held.computeIfAbsent(key(pull.topic(), pull.queueId()), k -> new ConcurrentLinkedQueue<>())
                .add(pull);
        metrics.pullsHeld(1);
        // a message may have arrived between the empty read and the hold: check once more
        if (store.maxOffset(pull.topic(), pull.queueId()) > pull.offset()) {
            release(pull);
        }
    }

    /** Number of pulls held now. */
    public int heldCount() {
        int n = 0;
        for (ConcurrentLinkedQueue<HeldPull> q : held.values()) {
            n += q.size();
        }
        return n;
    }

    @Override
    public void dispatch(DispatchRequest r) {
        ConcurrentLinkedQueue<HeldPull> queue = held.get(key(r.topic(), r.queueId()));
        if (queue == null || queue.isEmpty()) {
            return;
        }
        for (HeldPull pull : queue) {
            if (r.queueOffset() >= pull.offset() && matches(pull, r)) {
                release(pull);
            }
        }
    }

    private static boolean matches(HeldPull pull, DispatchRequest r) {
        return pull.filter().matchesTagHash(r.tagHash())
                && (!(pull.filter() instanceof PropertyFilter p) || p.matchesProperties(r.properties()));
    }

    /**
     * Whether a held pull's queue grew past it: worth a re-run for tag filters (a hash notification may have
     * raced the hold); a property filter saw every arrival's properties, so growth alone is no reason.
     */
    private boolean grewPast(HeldPull pull) {
        return !(pull.filter() instanceof PropertyFilter)
                && store.maxOffset(pull.topic(), pull.queueId()) > pull.offset();
    }

    private void sweep() {
        long now = clock.millis();
        try {
            for (Map.Entry<String, ConcurrentLinkedQueue<HeldPull>> e : held.entrySet()) {
                for (Iterator<HeldPull> it = e.getValue().iterator(); it.hasNext(); ) {
                    HeldPull pull = it.next();
                    if (now >= pull.deadlineMillis() || grewPast(pull)) {
                        release(pull);
                    }
                }
            }
        } catch (RuntimeException ex) {
            log.error("long-polling sweep failed", ex);
        }
    }

    private void release(HeldPull pull) {
        ConcurrentLinkedQueue<HeldPull> queue = held.get(key(pull.topic(), pull.queueId()));
        if (queue == null || !queue.remove(pull)) {
            return; // someone else released it
        }
        metrics.pullsHeld(-1);
        try {
            resumer.accept(pull);
        } catch (RejectedExecutionException e) {
            log.warn(
                    "cannot resume a held pull from {}: executor busy",
                    pull.peer().remoteAddress());
        }
    }

    /** Answers every held pull now (shutdown), then stops. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        for (ConcurrentLinkedQueue<HeldPull> q : held.values()) {
            for (HeldPull pull : q) {
                release(pull);
            }
        }
    }
}
