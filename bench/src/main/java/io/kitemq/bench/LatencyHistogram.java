package io.kitemq.bench;

/**
 * Call latencies counted in 1 µs buckets up to 100 ms (one overflow bucket above, whose values are known
 * only by their maximum). One per thread while recording, then {@link #add merged}. Not thread-safe.
 */
final class LatencyHistogram {

    private static final int BUCKETS = 100_000;

    private final int[] counts = new int[BUCKETS + 1];
    private long total;
    private long maxNanos;

    void record(long nanos) {
        int micros = (int) Math.min(BUCKETS, Math.max(0, nanos / 1000));
        counts[micros]++;
        total++;
        maxNanos = Math.max(maxNanos, nanos);
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        maxNanos = Math.max(maxNanos, other.maxNanos);
    }

    long count() {
        return total;
    }

    /** The latency at {@code quantile} (0..1) in microseconds, upper bucket edge; the maximum if in the overflow. */
    double percentileMicros(double quantile) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i + 1;
            }
        }
        return maxNanos / 1000.0;
    }
}
