package io.kitemq.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Call latencies of many threads in 1 µs buckets up to 100 ms (one overflow bucket above), read and reset
 * once per reporting interval ({@link #drain}); the drained counts are also added to a running total so the
 * same recorder gives per-second and whole-run percentiles. Thread-safe; a call recorded while a drain is
 * under way lands in this interval or the next.
 */
final class LatencyWindow {

    private static final int BUCKETS = 100_000;

    /** What one interval (or the whole run) looked like; latencies in microseconds. */
    record Summary(long count, double avgMicros, double p50, double p99, double p999, double maxMicros) {}

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 1);
    private final LongAdder sumNanos = new LongAdder();
    private final AtomicLong maxNanos = new AtomicLong();
    private final long[] total = new long[BUCKETS + 1];
    private long totalSumNanos;
    private long totalMaxNanos;

    void record(long nanos) {
        counts.incrementAndGet((int) Math.min(BUCKETS, Math.max(0, nanos / 1000)));
        sumNanos.add(nanos);
        maxNanos.accumulateAndGet(nanos, Math::max);
    }

    /** The interval since the last drain; resets it and adds it to the total. Call from one thread. */
    Summary drain() {
        long[] interval = new long[BUCKETS + 1];
        for (int i = 0; i <= BUCKETS; i++) {
            long c = counts.getAndSet(i, 0);
            interval[i] = c;
            total[i] += c;
        }
        long sum = sumNanos.sumThenReset();
        long max = maxNanos.getAndSet(0);
        totalSumNanos += sum;
        totalMaxNanos = Math.max(totalMaxNanos, max);
        return summarize(interval, sum, max);
    }

    /** Everything drained so far. */
    Summary total() {
        return summarize(total, totalSumNanos, totalMaxNanos);
    }

    private static Summary summarize(long[] buckets, long sumNanos, long maxNanos) {
        long n = 0;
        for (long c : buckets) {
            n += c;
        }
        if (n == 0) {
            return new Summary(0, 0, 0, 0, 0, 0);
        }
        return new Summary(
                n,
                sumNanos / 1000.0 / n,
                quantile(buckets, n, 0.5, maxNanos),
                quantile(buckets, n, 0.99, maxNanos),
                quantile(buckets, n, 0.999, maxNanos),
                maxNanos / 1000.0);
    }

    private static double quantile(long[] buckets, long n, double q, long maxNanos) {
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                return i + 1;
            }
        }
        return maxNanos / 1000.0;
    }
}
