package io.kitemq.broker.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timer index on its own, driven by explicit times. */
class TimerWheelTest {

    static final long T0 = 1_700_000_000_000L;
    static final long S0 = T0 / 1000;

    /** Takes everything due at {@code nowMs}. */
    static List<Long> take(TimerWheel wheel, long nowMs) {
        List<Long> refs = new ArrayList<>();
        wheel.takeDue(nowMs, refs::add);
        return refs;
    }

    @Test
    void aMessageIsTakenNoEarlierThanItsDueTimeAndInDueOrder() {
        TimerWheel wheel = new TimerWheel(S0, 0);
        wheel.add(T0 + 2_500, 25, false);
        wheel.add(T0 + 1_001, 11, false);
        wheel.add(T0 + 1_000, 10, false);
        wheel.add(T0 + 2_000, 20, false);

        assertThat(take(wheel, T0 + 999)).isEmpty();
        assertThat(take(wheel, T0 + 1_000)).containsExactly(10L);
        assertThat(take(wheel, T0 + 1_999)).containsExactly(11L);
        assertThat(wheel.cursor()).as("second 1 is still running").isEqualTo(S0);
        assertThat(take(wheel, T0 + 2_000)).containsExactly(20L);
        assertThat(wheel.cursor()).isEqualTo(S0 + 1);
        assertThat(wheel.pending()).isEqualTo(1);
        assertThat(take(wheel, T0 + 2_499)).isEmpty();
        assertThat(take(wheel, T0 + 2_500)).containsExactly(25L);
        assertThat(wheel.pending()).isZero();
        take(wheel, T0 + 3_000);
        assertThat(wheel.cursor()).isEqualTo(S0 + 2);
    }

    @Test
    void anArrivalForTheRunningSecondIsStillTakenOnTime() {
        TimerWheel wheel = new TimerWheel(S0, 0);
        take(wheel, T0 + 1_200);
        assertThat(wheel.cursor()).isEqualTo(S0);

        wheel.add(T0 + 1_800, 18, false);
        wheel.add(T0 + 1_500, 15, false);

        assertThat(take(wheel, T0 + 1_600)).containsExactly(15L);
        assertThat(take(wheel, T0 + 1_800)).containsExactly(18L);
    }

    @Test
    void aLateArrivalGoesInTheNextSecondUnlessAlreadyTaken() {
        TimerWheel wheel = new TimerWheel(S0, 0);
        take(wheel, T0 + 5_000);
        assertThat(wheel.cursor()).isEqualTo(S0 + 4);

        wheel.add(T0 + 1_000, 1, true);
        wheel.add(T0 + 1_000, 2, false);

        assertThat(wheel.pending()).isEqualTo(1);
        assertThat(take(wheel, T0 + 5_000)).containsExactly(2L);
    }

    @Test
    void aFailedTakeIsOfferedAgain() {
        TimerWheel wheel = new TimerWheel(S0, 0);
        wheel.add(T0 + 1_000, 1, false);
        wheel.add(T0 + 1_100, 2, false);

        assertThat(wheel.takeDue(T0 + 3_000, ref -> ref == 1)).isEqualTo(1);
        assertThat(wheel.pending()).isEqualTo(1);
        assertThat(take(wheel, T0 + 3_000)).containsExactly(2L);
    }

    @Test
    void aLongPauseSkipsEmptySecondsWithoutVisitingThem() {
        TimerWheel wheel = new TimerWheel(0, 0);
        wheel.add(T0 + 3 * 86_400_000L, 7, false);

        assertThat(take(wheel, T0)).isEmpty();
        assertThat(wheel.cursor()).isEqualTo(S0 - 1);
        assertThat(take(wheel, T0 + 3 * 86_400_000L)).containsExactly(7L);
    }

    @Test
    void theLowWatermarkStopsAtTheOldestArrivalNotYetTaken() {
        TimerWheel wheel = new TimerWheel(S0, 100);
        wheel.add(T0 + 10_000, 1, false); // arrival 100, due late
        wheel.add(T0 + 1_000, 2, false); // arrival 101
        wheel.add(T0 + 2_000, 3, false); // arrival 102

        take(wheel, T0 + 3_000);
        assertThat(wheel.lowWatermark()).as("arrival 100 is still pending").isEqualTo(100);

        take(wheel, T0 + 11_000);
        assertThat(wheel.lowWatermark()).isEqualTo(103);
    }

    @Test
    void manyArrivalsInOneSecondComeOutInDueOrder() {
        TimerWheel wheel = new TimerWheel(S0, 0);
        for (int i = 0; i < 5000; i++) {
            wheel.add(T0 + 1_000 + (i * 7919L) % 1000, i, false);
        }
        List<Long> taken = new ArrayList<>();
        long last = -1;
        for (long now = T0 + 1_000; now <= T0 + 2_000; now += 100) {
            for (long ref : take(wheel, now)) {
                long due = (ref * 7919L) % 1000;
                assertThat(due).isGreaterThanOrEqualTo(last).isLessThanOrEqualTo(now - T0 - 1_000);
                last = due;
                taken.add(ref);
            }
        }
        assertThat(taken).hasSize(5000).doesNotHaveDuplicates();
        assertThat(wheel.lowWatermark()).isEqualTo(5000);
    }
}
