package io.kitemq.client.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of the CLI's durations and points in time. Stateless; thread-safe. */
final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    /** {@code 500ms}, {@code 3s}, {@code 2m}, {@code 1h}, {@code 7d}, or ISO-8601 ({@code PT3S}). */
    static Duration parse(String text) {
        Matcher m = SHORT.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration (e.g. 500ms, 3s, 2m, 1h, 7d): '" + text + "'");
        }
    }

    /**
     * Epoch milliseconds, an ISO instant ({@code 2026-11-25T10:00:00Z}) or a local date-time in
     * {@code zone} ({@code 2026-11-25T10:00:00}).
     */
    static long instant(String text, ZoneId zone) {
        String t = text.trim();
        if (t.matches("\\d+")) {
            return Long.parseLong(t);
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(t).atZone(zone).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "not a time (epoch ms, 2026-11-25T10:00:00Z or " + "2026-11-25T10:00:00): '" + text + "'");
            }
        }
    }
}
