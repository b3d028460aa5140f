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

    /** Epochs where waiting acknowledges {@code whenWaiting} appends per flush and not waiting {@code otherwise}. */
    private int waitingEpochs(GatherPolicy p, int epochs, int whenWaiting, int otherwise) {
        now += FLUSH_NANOS;
        p.flushed(0, now); // starts the first epoch
        int waited = 0;
        for (int i = 0; i < epochs; i++) {
            if (epoch(p, p.shouldWait() ? whenWaiting : otherwise)) {
                waited++;
            }
        }
        return waited;
    }

    @Test
    void startsNotWaitingAndTriesWaitingEveryNinthEpoch() {
        GatherPolicy p = new GatherPolicy();
        assertThat(p.shouldWait()).isFalse();
        int epochs = 9 * (GatherPolicy.EXPLORE_EVERY + 1);
        // waiting gains nothing (producers at their own pace): only the exploring epochs wait
        int waited = waitingEpochs(p, epochs, 40, 40);
        assertThat(p.waiting()).isFalse();
        assertThat(p.switches()).isZero();
        assertThat(waited).isBetween(8, 9);
    }

    @Test
    void switchesToWaitingWhenItIsFasterAndStays() {
        GatherPolicy p = new GatherPolicy();
        int epochs = 10 * (GatherPolicy.EXPLORE_EVERY + 1);
        int waited = waitingEpochs(p, epochs, 60, 30);
        assertThat(p.waiting()).isTrue();
        assertThat(p.switches()).isEqualTo(1);
        // after the first exploration it waits except while exploring not waiting
        assertThat(waited).isGreaterThan(epochs * 3 / 4);
    }

    @Test
    void switchesBackWhenWaitingBecomesSlower() {
        GatherPolicy p = new GatherPolicy(true, true);
        int epochs = 3 * (GatherPolicy.EXPLORE_EVERY + 1);
        waitingEpochs(p, epochs, 30, 50);
        assertThat(p.waiting()).isFalse();
        assertThat(p.switches()).isEqualTo(1);
    }

    @Test
    void aGainWithinNoiseDoesNotSwitch() {
        GatherPolicy p = new GatherPolicy();
        waitingEpochs(p, 5 * (GatherPolicy.EXPLORE_EVERY + 1), 105, 100);
        assertThat(p.waiting()).isFalse();
        assertThat(p.switches()).isZero();
    }

    @Test
    void anIdlePauseRestartsTheEpochInsteadOfCountingAsSlow() {
        GatherPolicy p = new GatherPolicy(true, true);
        now += FLUSH_NANOS;
        p.flushed(0, now);
        for (int e = 0; e < GatherPolicy.EXPLORE_EVERY - 1; e++) {
            epoch(p, 50);
        }
        // halfway through the last epoch before exploring, a minute without appends
        for (int i = 0; i < GatherPolicy.EPOCH_FLUSHES / 2; i++) {
            now += FLUSH_NANOS;
            p.flushed(50, now);
        }
        now += 60_000_000_000L;
        p.flushed(50, now); // the first flush after the pause starts the epoch again
        int flushes = 0;
        while (p.shouldWait()) {
            now += FLUSH_NANOS;
            p.flushed(50, now);
            flushes++;
        }
        assertThat(flushes).as("a whole epoch after the pause").isEqualTo(GatherPolicy.EPOCH_FLUSHES);
        // the epoch measured without the pause is as fast as the exploring one: no switch
        epoch(p, 50);
        assertThat(p.waiting()).isTrue();
        assertThat(p.switches()).isZero();
    }

    @Test
    void aFixedPolicyNeverChanges() {
        GatherPolicy p = new GatherPolicy(true, false);
        waitingEpochs(p, 3 * (GatherPolicy.EXPLORE_EVERY + 1), 1, 100);
        assertThat(p.shouldWait()).isTrue();
        assertThat(p.switches()).isZero();
    }
}
