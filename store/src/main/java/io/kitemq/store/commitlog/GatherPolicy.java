package io.kitemq.store.commitlog;

/**
 * Decides, from measured throughput, whether {@link GroupCommit}'s flushes wait for the rest of their group.
 *
 * <p>Waiting for the writers a flush just acknowledged fills the next fsync with the whole group instead of
 * whoever came back first, and spends fewer fsyncs per append; but while the flusher waits the disk is idle,
 * so it pays only if the writers come back quickly. Which is true depends on who writes: a measured example
 * on two cores — 64 virtual-thread writers ran about 25% faster with waiting, 64 platform-thread writers
 * (each woken by the kernel, queued for the two cores) about 20% slower. So the flusher measures: it counts
 * acknowledged appends over epochs of {@value #EPOCH_FLUSHES} flushes, runs every {@value #EXPLORE_EVERY}th
 * epoch the other way, and switches when that epoch was more than {@value #GAIN_PERCENT}% faster than the
 * epoch before it. It starts not waiting, so a store whose rate waiting does not raise (one writer, or
 * producers that send at their own pace) keeps flushing at once but for one epoch in nine.
 *
 * <p>Not thread-safe: the flushing thread's alone.
 */
final class GatherPolicy {

    static final int EPOCH_FLUSHES = 128;
    static final int EXPLORE_EVERY = 8;
    static final int GAIN_PERCENT = 10;
    /** A pause between flushes this long (no appends) restarts the epoch, so idle time is not taken for slowness. */
    static final long IDLE_NANOS = 20_000_000;

    private final boolean adaptive;
    private boolean waiting;
    private boolean exploring;
    private int epochFlushes;
    private long epochAppends;
    private long epochStart = -1;
    private long lastFlush;
    private int epochsSinceExplore;
    private double lastRate;
    private long switches;

    /** The measuring policy: starts not waiting. */
    GatherPolicy() {
        this(false, true);
    }

    /**
     * @param waiting whether to wait at first
     * @param adaptive false: keep {@code waiting} for good, measuring nothing (for tests)
     */
    GatherPolicy(boolean waiting, boolean adaptive) {
        this.waiting = waiting;
        this.adaptive = adaptive;
    }

    /** Whether the next flush may wait for its group. */
    boolean shouldWait() {
        return exploring != waiting;
    }

    /** Whether waiting is the chosen way now (exploration epochs aside). */
    boolean waiting() {
        return waiting;
    }

    /** How often the policy changed its mind. */
    long switches() {
        return switches;
    }

    /** A flush acknowledged {@code appends} appends at {@code nanoTime}. */
    void flushed(long appends, long nanoTime) {
        if (!adaptive) {
            return;
        }
        long gap = nanoTime - lastFlush;
        lastFlush = nanoTime;
        if (epochStart < 0 || gap > IDLE_NANOS) {
            epochStart = nanoTime;
            epochFlushes = 0;
            epochAppends = 0;
            return;
        }
        epochAppends += appends;
        if (++epochFlushes < EPOCH_FLUSHES) {
            return;
        }
        double rate = epochAppends / (double) Math.max(1, nanoTime - epochStart);
        if (exploring) {
            exploring = false;
            if (rate * 100 > lastRate * (100 + GAIN_PERCENT)) {
                waiting = !waiting;
                switches++;
                lastRate = rate;
            }
        } else {
            lastRate = rate;
            if (++epochsSinceExplore >= EXPLORE_EVERY) {
                epochsSinceExplore = 0;
                exploring = true;
            }
        }
        epochFlushes = 0;
        epochAppends = 0;
        epochStart = nanoTime;
    }
}
