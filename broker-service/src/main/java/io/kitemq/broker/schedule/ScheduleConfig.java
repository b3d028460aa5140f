package io.kitemq.broker.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of delayed and timed delivery and of retries.
 *
 * <p>Immutable and thread-safe.
 *
 * @param delayLevels the delays of the {@code DELAY} levels (RocketMQ's {@code messageDelayLevel})
 * @param timerMaxDelay the longest delay of a timed message ({@code TIMER_*} properties); RocketMQ's
 *     {@code timerMaxDelaySec}, 3 days
 * @param progressPersistInterval how often delay offsets and the timer checkpoint are saved (RocketMQ's
 *     {@code flushDelayOffsetInterval}, 10 s); it bounds the re-deliveries after a crash
 */
public record ScheduleConfig(DelayLevels delayLevels, Duration timerMaxDelay, Duration progressPersistInterval) {

    public ScheduleConfig {
        Objects.requireNonNull(delayLevels, "delayLevels");
        Objects.requireNonNull(timerMaxDelay, "timerMaxDelay");
        Objects.requireNonNull(progressPersistInterval, "progressPersistInterval");
        if (timerMaxDelay.toSeconds() < 1) {
            throw new IllegalArgumentException("timerMaxDelay must be at least 1 s: " + timerMaxDelay);
        }
        if (progressPersistInterval.isNegative() || progressPersistInterval.isZero()) {
            throw new IllegalArgumentException("progressPersistInterval must be positive: " + progressPersistInterval);
        }
    }

    /** RocketMQ's defaults: 18 levels 1 s .. 2 h, timers up to 3 days, progress saved every 10 s. */
    public static ScheduleConfig defaults() {
        return new ScheduleConfig(DelayLevels.rocketMq(), Duration.ofDays(3), Duration.ofSeconds(10));
    }

    public ScheduleConfig withDelayLevels(DelayLevels levels) {
        return new ScheduleConfig(levels, timerMaxDelay, progressPersistInterval);
    }

    public ScheduleConfig withProgressPersistInterval(Duration interval) {
        return new ScheduleConfig(delayLevels, timerMaxDelay, interval);
    }
}
