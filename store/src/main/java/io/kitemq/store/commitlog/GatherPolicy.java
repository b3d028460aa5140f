package io.kitemq.store.commitlog;

/**
 * Decides, from measured throughput, whether {@link GroupCommit}'s flushes wait for the rest of their group.
 *
 * <p>Waiting for the writers a flush just acknowledged fills the next fsync with the whole group instead of
 * whoever came back first, and spends fewer fsyncs per append; but while the flusher waits the disk is idle,
 * so it pays only if the writers come back quickly. Which is true depends on who writes: on two cores 64
 * virtual-thread writers ran 7–30% faster with waiting, 64 platform-thread writers (each woken by the
 * kernel, queued for the two cores) about 20% slower. So the flusher measures. It counts acknowledged appends
 * per second over epochs of {@value #EPOCH_FLUSHES} flushes and now and then runs two epochs the other way
 * (an <em>exploration</em>). Only the second is measured — a change of way takes a while to settle: the
 * writers regroup — and compared with the mean of the last epoch before and the second one after, so that a
 * load that is rising or falling does not decide. It starts waiting after {@value #CONFIRMATIONS} explorations
 * in a row where waiting was more than {@value #GAIN_PERCENT}% faster, and stops after as many where waiting was
 * not more than {@value #KEEP_PERCENT}% faster — so when waiting stops paying, for instance because producers
 * now send at their own pace and the rate is the same either way, it goes back to flushing at once. Explorations come every {@value #MIN_INTERVAL} epochs
 * at first and after a switch, and half as often each time one confirms the current way, down to one in
 * {@value #MAX_INTERVAL}.
 *
 * <p>It starts not waiting, so a store where waiting does not raise the rate (one writer, or producers that
 * send at their own pace) keeps flushing at once. A pause of {@value #IDLE_NANOS} ns between flushes drops the
 * epoch and any exploration in progress, so that idle time is not taken for slowness.
 *
 * <p>Not thread-safe: the flushing thread's alone.
 */
final class GatherPolicy {

    static final int EPOCH_FLUSHES = 256;
    static final int MIN_INTERVAL = 8;
    static final int MAX_INTERVAL = 64;
    static final int GAIN_PERCENT = 10;
    /** Waiting is kept only while it stays more than this much faster than not waiting. */
    static final int KEEP_PERCENT = 3;

    static final int CONFIRMATIONS = 2;
    /** A pause between flushes this long (no appends) restarts the epoch, so idle time is not taken for slowness. */
    static final long IDLE_NANOS = 20_000_000;

    private enum Phase {
        /** Epochs the chosen way. */
        NORMAL,
        /** The first epoch the other way: not measured, while writers settle into the other rhythm. */
        SETTLING_OUT,
        /** The second epoch the other way: the exploration measured. */
        EXPLORING,
        /** The first epoch the chosen way again: not measured. */
        SETTLING_BACK,
        /** The next one: the exploration's second baseline. */
        CHECKING
    }

    private final boolean adaptive;
    private boolean waiting;
    private Phase phase = Phase.NORMAL;
    private int interval = MIN_INTERVAL;
    private int epochsSinceExploration;
    private int wins;
    private double before;
    private double explored;
    private long switches;

    private int epochFlushes;
    private long epochAppends;
    private boolean started;
    private long epochStart;
    private long lastFlush;

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
        return (phase == Phase.SETTLING_OUT || phase == Phase.EXPLORING) != waiting;
    }

    /** Whether waiting is the chosen way now (explorations aside). */
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
        if (!started || gap > IDLE_NANOS) {
            // after a pause the load may differ: drop the epoch and any exploration in progress
            started = true;
            startEpoch(nanoTime);
            phase = Phase.NORMAL;
            epochsSinceExploration = 0;
            return;
        }
        epochAppends += appends;
        if (++epochFlushes < EPOCH_FLUSHES) {
            return;
        }
        epochEnded(epochAppends / (double) Math.max(1, nanoTime - epochStart));
        startEpoch(nanoTime);
    }

    private void startEpoch(long nanoTime) {
        epochStart = nanoTime;
        epochFlushes = 0;
        epochAppends = 0;
    }

    private void epochEnded(double rate) {
        switch (phase) {
            case NORMAL -> {
                before = rate;
                if (++epochsSinceExploration >= interval) {
                    epochsSinceExploration = 0;
                    phase = Phase.SETTLING_OUT;
                }
            }
            case SETTLING_OUT -> phase = Phase.EXPLORING;
            case EXPLORING -> {
                explored = rate;
                phase = Phase.SETTLING_BACK;
            }
            case SETTLING_BACK -> phase = Phase.CHECKING;
            case CHECKING -> {
                double baseline = (before + rate) / 2;
                before = rate;
                phase = Phase.NORMAL;
                boolean otherWayWins = waiting
                        ? explored * (100 + KEEP_PERCENT) > baseline * 100 // waiting no longer clearly faster
                        : explored * 100 > baseline * (100 + GAIN_PERCENT);
                if (otherWayWins) {
                    interval = MIN_INTERVAL;
                    if (++wins >= CONFIRMATIONS) {
                        wins = 0;
                        waiting = !waiting;
                        switches++;
                    }
                } else {
                    wins = 0;
                    interval = Math.min(MAX_INTERVAL, interval * 2);
                }
            }
        }
    }
}
