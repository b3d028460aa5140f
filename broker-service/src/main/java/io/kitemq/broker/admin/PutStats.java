package io.kitemq.broker.admin;

import io.kitemq.store.dispatch.DispatchRequest;
import io.kitemq.store.dispatch.DispatchTarget;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the messages the store takes in, for GET_BROKER_RUNTIME_INFO: the total since boot, the totals at
 * the start of today and of yesterday (local midnight in the given zone; what RocketMQ reports as
 * {@code msgPutTotalTodayNow/TodayMorning/YesterdayMorning}), and messages per second over the last 10 s,
 * 1 min and 10 min.
 *
 * <p>Fed as a {@link DispatchTarget}: one count per dispatched record, placed by its store time into one of
 * 600 one-second buckets (a ring: bucket {@code second % 600}, reset when a new second claims it).
 * Messages re-dispatched by crash recovery before this target was added are not counted.
 *
 * <p>Thread-safe: written by the store's single dispatcher thread, read by any. A reader racing a bucket
 * reset may see that second's count a moment early or late, which rates tolerate; the day roll-over
 * takes a lock (once a day).
 */
public final class PutStats implements DispatchTarget {

    private static final int BUCKETS = 600;

    private final InstantSource clock;
    private final ZoneId zone;
    private final LongAdder total = new LongAdder();
    private final AtomicLongArray bucketSecond = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray bucketCount = new AtomicLongArray(BUCKETS);
    private final Object dayLock = new Object();
    private volatile long nextMidnightMillis;
    private volatile long todayMorning;
    private volatile long yesterdayMorning;

    public PutStats(InstantSource clock, ZoneId zone) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.nextMidnightMillis = midnightAfter(clock.millis());
        for (int i = 0; i < BUCKETS; i++) {
            bucketSecond.set(i, -1);
        }
    }

    @Override
    public void dispatch(DispatchRequest request) {
        long millis = request.storeTimestamp();
        if (millis >= nextMidnightMillis) {
            rollDays(millis);
        }
        total.increment();
        long second = Math.floorDiv(millis, 1000);
        int i = (int) Math.floorMod(second, BUCKETS);
        if (bucketSecond.get(i) != second) {
            bucketCount.set(i, 0);
            bucketSecond.set(i, second);
        }
        bucketCount.incrementAndGet(i);
    }

    /** Messages since boot. */
    public long totalNow() {
        return total.sum();
    }

    /** {@link #totalNow()} as it was at the start of today (0 if the broker started today). */
    public long totalTodayMorning() {
        rollDays(clock.millis());
        return todayMorning;
    }

    /** {@link #totalNow()} as it was at the start of yesterday. */
    public long totalYesterdayMorning() {
        rollDays(clock.millis());
        return yesterdayMorning;
    }

    /** Messages per second over the last {@code seconds} (1 to 600) whole seconds before now. */
    public double perSecond(int seconds) {
        if (seconds < 1 || seconds > BUCKETS) {
            throw new IllegalArgumentException("seconds must be 1.." + BUCKETS + ": " + seconds);
        }
        long now = Math.floorDiv(clock.millis(), 1000);
        long sum = 0;
        for (long s = now - seconds; s < now; s++) {
            int i = (int) Math.floorMod(s, BUCKETS);
            if (bucketSecond.get(i) == s) {
                sum += bucketCount.get(i);
            }
        }
        return (double) sum / seconds;
    }

    /** RocketMQ's TPS text: the rate over 10 s, 1 min and 10 min, {@code "%.2f %.2f %.2f"}. */
    public String tpsText() {
        return String.format(Locale.ROOT, "%.2f %.2f %.2f", perSecond(10), perSecond(60), perSecond(600));
    }

    private void rollDays(long nowMillis) {
        if (nowMillis < nextMidnightMillis) {
            return;
        }
        synchronized (dayLock) {
            if (nowMillis < nextMidnightMillis) {
                return;
            }
            long current = total.sum();
            boolean skippedADay = nowMillis >= midnightAfter(nextMidnightMillis);
            yesterdayMorning = skippedADay ? current : todayMorning;
            todayMorning = current;
            nextMidnightMillis = midnightAfter(nowMillis);
        }
    }

    private long midnightAfter(long millis) {
        LocalDate day = Instant.ofEpochMilli(millis).atZone(zone).toLocalDate();
        return day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
    }
}
