package io.kitemq.client.producer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.kitemq.client.KiteMqClientException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Latency fault tolerance of one producer: a Resilience4j {@link CircuitBreaker} per broker name, fed with
 * the duration and outcome of every send ({@link FaultTolerance} says when one opens). Queue choice asks
 * {@link #tryAcquire} before it picks a broker's queue; every acquired permission must be followed by
 * exactly one {@link #record}. With a {@link MeterRegistry}, the breakers' states and call counts are
 * published as {@code resilience4j.circuitbreaker.*} meters tagged {@code name=<group>@<broker>}.
 *
 * <p>Thread-safe. The clock is injected so tests can move time.
 */
final class BrokerHealth {

    private final boolean enabled;
    private final String group;
    private final CircuitBreakerRegistry registry;
    private final Map<String, CircuitBreaker> byBroker = new ConcurrentHashMap<>();

    BrokerHealth(String group, FaultTolerance settings, Clock clock, MeterRegistry meters) {
        this.enabled = settings.enabled();
        this.group = group;
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindow(
                        settings.windowCalls(),
                        Math.min(settings.minimumCalls(), settings.windowCalls()),
                        CircuitBreakerConfig.SlidingWindowType.COUNT_BASED,
                        // every send records: a synchronized window would serialize all sending threads
                        CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
                .failureRateThreshold(settings.failureRatePercent())
                .slowCallRateThreshold(settings.slowCallRatePercent())
                .slowCallDurationThreshold(settings.slowCallThreshold())
                .waitDurationInOpenState(settings.openDuration())
                .permittedNumberOfCallsInHalfOpenState(settings.trialCalls())
                .recordException(BrokerHealth::countsAsFailure)
                .clock(clock)
                .build();
        this.registry = CircuitBreakerRegistry.of(config);
        if (meters != null) {
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        }
    }

    /** Whether a send to {@code brokerName} may go now (always true when fault tolerance is disabled). */
    boolean tryAcquire(String brokerName) {
        return !enabled || breaker(brokerName).tryAcquirePermission();
    }

    /** Records one send to {@code brokerName}: its duration and its failure ({@code null} = answered). */
    void record(String brokerName, Duration elapsed, Throwable failure) {
        CircuitBreaker breaker = breaker(brokerName);
        long nanos = Math.max(0, elapsed.toNanos());
        if (failure == null) {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        } else {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
        }
    }

    /** The breaker state of {@code brokerName}, for tests and diagnostics. */
    CircuitBreaker.State state(String brokerName) {
        return breaker(brokerName).getState();
    }

    private CircuitBreaker breaker(String brokerName) {
        CircuitBreaker b = byBroker.get(brokerName);
        return b != null ? b : byBroker.computeIfAbsent(brokerName, n -> registry.circuitBreaker(group + "@" + n));
    }

    /** Only failures that say something about the broker's health count: not bad input, not refusals. */
    private static boolean countsAsFailure(Throwable t) {
        return !(t instanceof KiteMqClientException e) || e.isRetriable();
    }
}
