package io.kitemq.broker.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The delays of the {@code DELAY} property's levels: level {@code n} (1-based) waits {@code delays.get(n-1)}
 * and is staged in queue {@code n-1} of {@code SCHEDULE_TOPIC_XXXX}. RocketMQ's {@code messageDelayLevel}
 * text form ({@code "1s 5s 10s 30s 1m ... 2h"}, units s, m, h, d) is accepted by {@link #parse}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param delays the delay of each level, first level first; at least one, each positive
 */
public record DelayLevels(List<Duration> delays) {

    /** RocketMQ's {@code messageDelayLevel}. */
    public static final String ROCKETMQ_LEVELS = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

    public DelayLevels {
        delays = List.copyOf(delays);
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("at least one delay level is needed");
        }
        for (Duration d : delays) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("delay levels must be positive: " + delays);
            }
        }
    }

    /** RocketMQ's 18 levels, 1 s to 2 h. */
    public static DelayLevels rocketMq() {
        return parse(ROCKETMQ_LEVELS);
    }

    /**
     * Reads RocketMQ's text form: space-separated numbers with a unit {@code ms}, {@code s}, {@code m},
     * {@code h} or {@code d}.
     *
     * @throws IllegalArgumentException naming the entry that cannot be read
     */
    public static DelayLevels parse(String text) {
        List<Duration> delays = new ArrayList<>();
        for (String entry : text.trim().split("\\s+")) {
            delays.add(parseOne(entry.toLowerCase(Locale.ROOT), text));
        }
        return new DelayLevels(delays);
    }

    private static Duration parseOne(String entry, String text) {
        try {
            if (entry.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(entry.substring(0, entry.length() - 2)));
            }
            long n = Long.parseLong(entry.substring(0, entry.length() - 1));
            return switch (entry.charAt(entry.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException("unknown unit");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "delay level '" + entry + "' of '" + text + "' is not a number with a unit ms, s, m, h or d", e);
        }
    }

    /** The highest level (18 for RocketMQ's levels). */
    public int maxLevel() {
        return delays.size();
    }

    /** The delay of {@code level}, in ms. */
    public long delayMillis(int level) {
        if (level < 1 || level > delays.size()) {
            throw new IllegalArgumentException("delay level must be 1.." + delays.size() + ": " + level);
        }
        return delays.get(level - 1).toMillis();
    }

    /** RocketMQ's rule: a level above the highest means the highest. */
    public int clamp(int level) {
        return Math.min(level, delays.size());
    }

    /** The text form, as {@link #parse} reads it ({@link #ROCKETMQ_LEVELS} for RocketMQ's levels). */
    public String text() {
        StringBuilder b = new StringBuilder();
        for (Duration d : delays) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            long ms = d.toMillis();
            if (ms % 3_600_000 == 0) {
                b.append(ms / 3_600_000).append('h');
            } else if (ms % 60_000 == 0) {
                b.append(ms / 60_000).append('m');
            } else if (ms % 1000 == 0) {
                b.append(ms / 1000).append('s');
            } else {
                b.append(ms).append("ms");
            }
        }
        return b.toString();
    }
}
