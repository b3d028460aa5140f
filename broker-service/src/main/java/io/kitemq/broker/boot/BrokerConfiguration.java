package io.kitemq.broker.boot;

import io.kitemq.broker.Broker;
import io.kitemq.broker.BrokerMetrics;
import io.kitemq.broker.admin.ConsumerLag;
import io.kitemq.store.StoreMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.File;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wiring only: the plain-Java broker as a bean, its metrics on Micrometer (consumer lag included), a
 * health indicator.
 */
@Configuration(proxyBeanMethods = false)
class BrokerConfiguration {

    /** How often the consumer lag gauges take a new snapshot: scrapes read the last one. */
    static final Duration CONSUMER_LAG_REFRESH = Duration.ofSeconds(5);

    @Bean
    BrokerMetrics brokerMetrics(MeterRegistry registry) {
        Timer put = Timer.builder("kitemq.broker.put.latency")
                .description("time to store a send, flush included in SYNC mode")
                .publishPercentiles(0.5, 0.99, 0.999)
                .register(registry);
        AtomicLong held = registry.gauge("kitemq.broker.pulls.held", new AtomicLong());
        return new BrokerMetrics() {
            @Override
            public void messagesIn(String topic, int messages, long bytes, long putLatencyNanos) {
                Counter.builder("kitemq.broker.messages.in")
                        .tag("topic", topic)
                        .register(registry)
                        .increment(messages);
                DistributionSummary.builder("kitemq.broker.bytes.in")
                        .baseUnit("bytes")
                        .tag("topic", topic)
                        .register(registry)
                        .record(bytes);
                put.record(putLatencyNanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void sendFailed(String topic, int responseCode) {
                Counter.builder("kitemq.broker.send.failures")
                        .tag("code", Integer.toString(responseCode))
                        .register(registry)
                        .increment();
            }

            @Override
            public void messagesOut(String topic, String group, int messages, long bytes) {
                Counter.builder("kitemq.broker.messages.out")
                        .tag("topic", topic)
                        .tag("group", group)
                        .register(registry)
                        .increment(messages);
                DistributionSummary.builder("kitemq.broker.bytes.out")
                        .baseUnit("bytes")
                        .tag("topic", topic)
                        .register(registry)
                        .record(bytes);
            }

            @Override
            public void pullsHeld(int delta) {
                held.addAndGet(delta);
            }

            @Override
            public void transactionEnded(boolean committed) {
                Counter.builder("kitemq.broker.transactions.ended")
                        .description("transactions ended by END_TRANSACTION, by result")
                        .tag("result", committed ? "commit" : "rollback")
                        .register(registry)
                        .increment();
            }

            @Override
            public void transactionChecked() {
                registry.counter("kitemq.broker.transaction.checks").increment();
            }

            @Override
            public void transactionParked() {
                registry.counter("kitemq.broker.transactions.parked").increment();
            }

            @Override
            public void deadLettered(String group) {
                Counter.builder("kitemq.broker.messages.dead.lettered")
                        .description("messages moved to the dead-letter topic %DLQ%<group>")
                        .tag("group", group)
                        .register(registry)
                        .increment();
            }
        };
    }

    @Bean
    StoreMetrics storeMetrics(MeterRegistry registry) {
        Timer flush = Timer.builder("kitemq.store.flush.latency")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        AtomicLong lag = registry.gauge("kitemq.store.dispatch.lag.bytes", new AtomicLong());
        Counter dropped = Counter.builder("kitemq.store.page.cache.dropped")
                .baseUnit("bytes")
                .description("flushed CommitLog bytes beyond the page-cache window advised out of the page cache"
                        + " (posix_fadvise DONTNEED; pages another process maps stay)")
                .register(registry);
        return new StoreMetrics() {
            @Override
            public void flushed(long bytes, long latencyNanos) {
                flush.record(latencyNanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void dispatchLag(long bytes) {
                lag.set(bytes);
            }

            @Override
            public void segmentDeleted(long bytes) {
                registry.counter("kitemq.store.segments.deleted").increment();
            }

            @Override
            public void pageCacheDropped(long bytes) {
                dropped.increment(bytes);
            }
        };
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    Broker broker(
            BrokerProperties properties, BrokerMetrics metrics, StoreMetrics storeMetrics, MeterRegistry registry) {
        Broker broker = new Broker(properties.toConfig(), InstantSource.system(), metrics, storeMetrics)
                .transactionConfig(properties.transaction().toConfig());
        File dir = properties.store().dir().toFile();
        Gauge.builder(
                        "kitemq.store.disk.used.ratio",
                        dir,
                        d -> d.getTotalSpace() == 0 ? 0 : 1.0 - (double) d.getUsableSpace() / d.getTotalSpace())
                .description("share of the store's file system in use")
                .register(registry);
        Gauge.builder(
                        "kitemq.store.commitlog.bytes",
                        broker,
                        b -> b.store() == null
                                ? 0
                                : b.store().commitLogMaxOffset() - b.store().commitLogMinOffset())
                .description("bytes held in the CommitLog")
                .register(registry);
        scheduleMeters(broker, registry);
        transactionMeters(broker, registry);
        return broker;
    }

    /** Delayed and timed messages waiting, and those delivered (issue #7). */
    private static void scheduleMeters(Broker broker, MeterRegistry registry) {
        Gauge.builder(
                        "kitemq.broker.delayed.pending",
                        broker,
                        b -> b.scheduledDelivery() == null
                                ? 0
                                : b.scheduledDelivery().pendingDelayed())
                .description("messages waiting for their delay level in SCHEDULE_TOPIC_XXXX")
                .register(registry);
        Gauge.builder(
                        "kitemq.broker.timers.pending",
                        broker,
                        b -> b.scheduledDelivery() == null
                                ? 0
                                : b.scheduledDelivery().pendingTimers())
                .description("timed messages waiting in the timer wheel")
                .register(registry);
        FunctionCounter.builder(
                        "kitemq.broker.scheduled.delivered",
                        broker,
                        b -> b.scheduledDelivery() == null
                                ? 0
                                : b.scheduledDelivery().delivered())
                .description("delayed and timed messages put into their topic since start")
                .register(registry);
    }

    /** Half messages waiting for their producer's decision (issue #7); the counters are in {@link #brokerMetrics}. */
    private static void transactionMeters(Broker broker, MeterRegistry registry) {
        Gauge.builder(
                        "kitemq.broker.transactions.pending",
                        broker,
                        b -> b.transactions() == null ? 0 : b.transactions().pendingCount())
                .description("half messages not yet committed, rolled back or parked")
                .register(registry);
    }

    /** Consumer lag per queue and per group, refreshed every {@link #CONSUMER_LAG_REFRESH}. */
    @Bean(destroyMethod = "close")
    ConsumerLagGauges consumerLagGauges(Broker broker, MeterRegistry registry) {
        return new ConsumerLagGauges(new ConsumerLag(broker.offsets(), broker.store()), registry, CONSUMER_LAG_REFRESH);
    }

    @Bean
    HealthIndicator brokerHealth(Broker broker) {
        return () -> {
            String readOnly = broker.store().readOnlyReason();
            Health.Builder h =
                    readOnly == null ? Health.up() : Health.outOfService().withDetail("readOnly", readOnly);
            return h.withDetail("address", broker.address())
                    .withDetail("commitLogMaxOffset", broker.store().commitLogMaxOffset())
                    .withDetail("heldPulls", broker.holds().heldCount())
                    .build();
        };
    }
}
