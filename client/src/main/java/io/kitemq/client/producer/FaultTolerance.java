package io.kitemq.client.producer;

import java.time.Duration;
import java.util.Objects;

/**
 * How a producer avoids a broker that failed or answered slowly: a circuit breaker per broker over the
 * last {@code windowCalls} sends. It opens when, after at least {@code minimumCalls}, the share of
 * failed sends or of sends slower than {@code slowCallThreshold} reaches its rate; an open broker gets
 * no sends while another broker can take them, for {@code openDuration}; then a few trial sends decide.
 *
 * @param enabled when false every broker is always eligible (queue choice is plain round-robin)
 * @param windowCalls sends remembered per broker
 * @param minimumCalls sends needed before the rates count
 * @param failureRatePercent share of retriable failures (timeouts, lost connections, busy broker) that opens
 * @param slowCallThreshold a send at least this slow counts as slow
 * @param slowCallRatePercent share of slow sends that opens
 * @param openDuration how long an open broker is avoided before trial sends
 * @param trialCalls trial sends in the half-open state
 *
 * <p>Immutable; thread-safe.
 */
public record FaultTolerance(
        boolean enabled,
        int windowCalls,
        int minimumCalls,
        float failureRatePercent,
        Duration slowCallThreshold,
        float slowCallRatePercent,
        Duration openDuration,
        int trialCalls) {

    public FaultTolerance {
        Objects.requireNonNull(slowCallThreshold, "slowCallThreshold");
        Objects.requireNonNull(openDuration, "openDuration");
        if (windowCalls < 1 || minimumCalls < 1 || trialCalls < 1) {
            throw new IllegalArgumentException("windowCalls, minimumCalls and trialCalls must be >= 1");
        }
        if (!(failureRatePercent > 0 && failureRatePercent <= 100)
                || !(slowCallRatePercent > 0 && slowCallRatePercent <= 100)) {
            throw new IllegalArgumentException("rates must be in (0, 100]");
        }
        if (slowCallThreshold.isNegative()
                || slowCallThreshold.isZero()
                || openDuration.isNegative()
                || openDuration.isZero()) {
            throw new IllegalArgumentException("slowCallThreshold and openDuration must be positive");
        }
    }

    /**
     * Window of 20 sends, at least 5, opens at 50 % failures or 50 % sends slower than 1 s, avoided for
     * 30 s (RocketMQ isolates a broker for 30 s after a send slower than 550 ms), 3 trial sends.
     */
    public static FaultTolerance defaults() {
        return new FaultTolerance(true, 20, 5, 50f, Duration.ofSeconds(1), 50f, Duration.ofSeconds(30), 3);
    }

    public static FaultTolerance disabled() {
        return new FaultTolerance(false, 20, 5, 50f, Duration.ofSeconds(1), 50f, Duration.ofSeconds(30), 3);
    }

    public FaultTolerance withOpenDuration(Duration d) {
        return new FaultTolerance(
                enabled,
                windowCalls,
                minimumCalls,
                failureRatePercent,
                slowCallThreshold,
                slowCallRatePercent,
                d,
                trialCalls);
    }

    public FaultTolerance withWindow(int windowCalls, int minimumCalls) {
        return new FaultTolerance(
                enabled,
                windowCalls,
                minimumCalls,
                failureRatePercent,
                slowCallThreshold,
                slowCallRatePercent,
                openDuration,
                trialCalls);
    }

    public FaultTolerance withSlowCallThreshold(Duration d) {
        return new FaultTolerance(
                enabled,
                windowCalls,
                minimumCalls,
                failureRatePercent,
                d,
                slowCallRatePercent,
                openDuration,
                trialCalls);
    }
}
