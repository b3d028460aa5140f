package io.kitemq.broker.boot;

import io.kitemq.broker.admin.ConsumerLag;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer lag as Micrometer gauges: {@value #QUEUE_LAG} per (group, topic, queue) with a committed
 * offset, and {@value #GROUP_LAG} per group (its queues summed); in Prometheus, with their unit, {@code
 * kitemq_broker_consumer_lag_messages} and {@code kitemq_broker_consumer_lag_total_messages}. A scheduled
 * task takes one {@link ConsumerLag} snapshot every refresh period and stores the values into holders the
 * gauges read, so a scrape reads numbers and allocates nothing; rows appear for new queues and groups and
 * disappear with their offsets. Owns its one daemon thread until {@link #close}.
 *
 * <p>Thread-safe: the holders are written by the refresh thread only and read by scrapes.
 */
final class ConsumerLagGauges implements AutoCloseable {

    static final String QUEUE_LAG = "kitemq.broker.consumer.lag";
    static final String GROUP_LAG = "kitemq.broker.consumer.lag.total";

    private static final Logger log = LoggerFactory.getLogger(ConsumerLagGauges.class);

    private record QueueKey(String group, String topic, int queueId) {}

    private final ConsumerLag lag;
    private final MultiGauge queueGauge;
    private final MultiGauge groupGauge;
    private final ScheduledExecutorService scheduler;
    private Map<QueueKey, AtomicLong> queueValues = Map.of();
    private Map<String, AtomicLong> groupValues = Map.of();

    ConsumerLagGauges(ConsumerLag lag, MeterRegistry registry, Duration refresh) {
        this.lag = lag;
        this.queueGauge = MultiGauge.builder(QUEUE_LAG)
                .description("messages stored in a queue but not yet consumed by a group (from its committed offset)")
                .baseUnit("messages")
                .register(registry);
        this.groupGauge = MultiGauge.builder(GROUP_LAG)
                .description("messages not yet consumed by a group, over all its queues")
                .baseUnit("messages")
                .register(registry);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kitemq-consumer-lag-gauges");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("cannot refresh the consumer lag gauges", e);
        }
    }

    /** Takes a snapshot and updates the gauges; called by the refresh thread (and tests) only. */
    synchronized void refresh() {
        Map<QueueKey, AtomicLong> queues = new HashMap<>();
        Map<String, Long> totals = new HashMap<>();
        for (ConsumerLag.QueueLag q : lag.snapshot()) {
            QueueKey key = new QueueKey(q.group(), q.topic(), q.queueId());
            AtomicLong value = queueValues.get(key);
            if (value == null) {
                value = new AtomicLong();
            }
            value.set(q.lag());
            queues.put(key, value);
            totals.merge(q.group(), q.lag(), Long::sum);
        }
        Map<String, AtomicLong> groups = new HashMap<>();
        totals.forEach((group, total) -> {
            AtomicLong value = groupValues.get(group);
            if (value == null) {
                value = new AtomicLong();
            }
            value.set(total);
            groups.put(group, value);
        });
        boolean queuesChanged = !queues.keySet().equals(queueValues.keySet());
        boolean groupsChanged = !groups.keySet().equals(groupValues.keySet());
        queueValues = queues;
        groupValues = groups;
        // rows are registered again only when the set of queues or groups changed: the holders carry the values
        if (queuesChanged) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>(queues.size());
            queues.forEach((k, v) -> rows.add(MultiGauge.Row.of(
                    Tags.of("group", k.group(), "topic", k.topic(), "queue", Integer.toString(k.queueId())), v)));
            queueGauge.register(rows, false);
        }
        if (groupsChanged) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>(groups.size());
            groups.forEach((g, v) -> rows.add(MultiGauge.Row.of(Tags.of("group", g), v)));
            groupGauge.register(rows, false);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
