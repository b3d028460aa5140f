package io.kitemq.store.commitlog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link GatherPolicy} fed synthetic flushes on a synthetic clock: it follows the measured throughput. */
class GatherPolicyTest {

    static final long FLUSH_NANOS = 300_000;

    private long now = 1_000_000_000L;

    /** Runs one epoch of flushes acknowledging {@code perFlush} appends each; returns whether it waited. */
    private boolean epoch(GatherPolicy p, int perFlush) {
        boolean waited = p.shouldWait();
        for (int i = 0; i < GatherPolicy.EPOCH_FLUSHES; i++) {
            assertThat(p.shouldWait()).as("one way through an epoch").isEqualTo(waited);
            now += FLUSH_NANOS;
            p.flushed(perFlush, now);
        }
        return waited;
    }

    /** A flush that starts the first epoch. */
    private void start(GatherPolicy p) {
        now += FLUSH_NANOS;
        p.flushed(0, now);
    }

    /** Epochs where waiting acknowledges {@code whenWaiting} appends per flush and not waiting {@code otherwise}. */
    private int waitingEpochs(GatherPolicy p, int epochs, int whenWaiting, int otherwise) {
        int waited = 0;
        for (int i = 0; i < epochs; i++) {
            if (epoch(p, p.shouldWait() ? whenWaiting : otherwise)) {
                waited++;
            }
        }
        return waited;
    }

    @Test
    void startsNotWaitingAndExploresLessOftenWhileWaitingDoesNotPay() {
        GatherPolicy p = new GatherPolicy();
        start(p);
        assertThat(p.shouldWait()).isFalse();
        // waiting gains nothing (producers at their own pace): only explorations wait, ever more rarely
        int first = waitingEpochs(p, 100, 40, 40);
        int later = waitingEpochs(p, 200, 40, 40);
        assertThat(p.waiting()).isFalse();
        assertThat(p.switches()).isZero();
        assertThat(first).isBetween(4, 10);
        assertThat(later).isBetween(4, 8); // two in MAX_INTERVAL + 4 by now
    }

    @Test
    void switchesToWaitingAfterTwoFasterExplorationsAndStays() {
        GatherPolicy p = new GatherPolicy();
        start(p);
        int epochs = 3 * (GatherPolicy.MIN_INTERVAL + 4);
        waitingEpochs(p, epochs, 60, 30);
        assertThat(p.waiting()).isTrue();
        assertThat(p.switches()).isEqualTo(1);
        int waited = waitingEpochs(p, 200, 60, 30);
        assertThat(p.switches()).isEqualTo(1);
        assertThat(waited).isGreaterThan(185);
    }

    @Test
    void switchesBackWhenWaitingBecomesSlower() {
        GatherPolicy p = new GatherPolicy(true, true);
        start(p);
        waitingEpochs(p, 3 * (GatherPolicy.MIN_INTERVAL + 4), 30, 50);
        assertThat(p.waiting()).isFalse();
        assertThat(p.switches()).isEqualTo(1);
    }

    @Test
    void aGainWithinNoiseDoesNotSwitch() {
        GatherPolicy p = new GatherPolicy();
        start(p);
        waitingEpochs(p, 300, 105, 100);
        assertThat(p.waiting()).isFalse();
        assertThat(p.switches()).isZero();
    }

    @Test
    void oneLuckyExplorationDoesNotSwitch() {
        GatherPolicy p = new GatherPolicy();
        start(p);
        // the first exploration (not waiting -> waiting) meets a burst of load, the next ones do not
        int waitedEpochs = 0;
        for (int i = 0; i < 100; i++) {
            boolean waits = p.shouldWait();
            epoch(p, waits && waitedEpochs < 2 ? 80 : 40);
            if (waits) {
                waitedEpochs++;
            }
        }
        assertThat(p.waiting()).isFalse();
        assertThat(p.switches()).isZero();
    }

    @Test
    void aRisingLoadIsNotTakenForAGain() {
        GatherPolicy p = new GatherPolicy();
        start(p);
        // the rate climbs 12% per epoch whichever way it flushes: every exploration beats the epoch before it
        // by more than the gain asked for, but not the mean of the epochs measured around it
        double perFlush = 1000;
        for (int i = 0; i < 40; i++) {
            epoch(p, (int) perFlush);
            perFlush *= 1.12;
        }
        assertThat(p.switches()).isZero();
    }

    @Test
    void anIdlePauseRestartsTheEpochInsteadOfCountingAsSlow() {
        GatherPolicy p = new GatherPolicy(true, true);
        start(p);
        for (int e = 0; e < GatherPolicy.MIN_INTERVAL - 1; e++) {
            epoch(p, 50);
        }
        // halfway through the last epoch before exploring, a minute without appends
        for (int i = 0; i < GatherPolicy.EPOCH_FLUSHES / 2; i++) {
            now += FLUSH_NANOS;
            p.flushed(50, now);
        }
        now += 60_000_000_000L;
        p.flushed(50, now); // the first flush after the pause starts counting again
        int flushes = 0;
        while (p.shouldWait()) {
            now += FLUSH_NANOS;
            p.flushed(50, now);
            flushes++;
        }
        assertThat(flushes)
                .as("whole epochs after the pause, as after a start")
                .isEqualTo(GatherPolicy.MIN_INTERVAL * GatherPolicy.EPOCH_FLUSHES);
        // waiting stays 20% faster: the explorations confirm it, the pause never counted against it
        waitingEpochs(p, 100, 60, 50);
        assertThat(p.waiting()).isTrue();
        assertThat(p.switches()).isZero();
    }

    @Test
    void aFixedPolicyNeverChanges() {
        GatherPolicy p = new GatherPolicy(true, false);
        start(p);
        waitingEpochs(p, 100, 1, 100);
        assertThat(p.shouldWait()).isTrue();
        assertThat(p.switches()).isZero();
    }

    @Test
    void waitingIsDroppedOnceItNoLongerPays() {
        GatherPolicy p = new GatherPolicy(true, true);
        start(p);
        // producers at their own pace: the rate is the same either way, so waiting only adds latency
        waitingEpochs(p, 3 * (GatherPolicy.MIN_INTERVAL + 4), 40, 40);
        assertThat(p.waiting()).isFalse();
        assertThat(p.switches()).isEqualTo(1);
        // and a waiting that stays clearly faster is kept
        GatherPolicy q = new GatherPolicy(true, true);
        start(q);
        waitingEpochs(q, 300, 44, 40);
        assertThat(q.waiting()).isTrue();
        assertThat(q.switches()).isZero();
    }

    @Test
    void aPauseDropsAnExplorationInProgress() {
        GatherPolicy p = new GatherPolicy();
        start(p);
        while (!p.shouldWait()) {
            epoch(p, 40);
        }
        // exploring (waiting) when the store goes idle; afterwards the exploration is gone
        now += GatherPolicy.IDLE_NANOS + 1;
        p.flushed(40, now);
        assertThat(p.shouldWait()).isFalse();
    }
}
