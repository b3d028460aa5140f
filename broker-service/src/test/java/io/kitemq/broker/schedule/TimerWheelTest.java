package io.kitemq.broker.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timer index on its own, driven by explicit times. */
class TimerWheelTest {

    static final long T0 = 1_700_000_000_000L;
    static final long S0 = T0 / 1000;

    /** Takes everything due at {@code nowMs}, completing each slot. */
    static List<Long> take(TimerWheel wheel, long nowMs) {
        List<Long> refs = new ArrayList<>();
        TimerWheel.Slot slot;
        while ((slot = wheel.nextDue(nowMs)) != null) {
            for (int i = 0; i < slot.size(); i++) {
                refs.add(slot.ref(i));
            }
            wheel.complete(slot);
        }
        return refs;
    }

    @Test
    void aMessageIsTakenNoEarlierThanItsDueTimeAndInDueOrder() {
        TimerWheel wheel = new TimerWheel(S0, 0);
        wheel.add(T0 + 2_500, 25, false);
        wheel.add(T0 + 1_000, 10, false);
        wheel.add(T0 + 1_001, 11, false);
        wheel.add(T0 + 2_000, 20, false);

        assertThat(take(wheel, T0 + 999)).isEmpty();
        assertThat(take(wheel, T0 + 1_000)).containsExactly(10L);
        assertThat(take(wheel, T0 + 1_999)).isEmpty();
        assertThat(take(wheel, T0 + 2_000)).containsExactly(11L, 20L);
        assertThat(wheel.pending()).isEqualTo(1);
        assertThat(take(wheel, T0 + 3_000)).containsExactly(25L);
        assertThat(wheel.pending()).isZero();
        assertThat(wheel.cursor()).isEqualTo(S0 + 3);
    }

    @Test
    void aLateArrivalGoesInTheNextSecondUnlessAlreadyTaken() {
        TimerWheel wheel = new TimerWheel(S0, 0);
        take(wheel, T0 + 5_000);

        wheel.add(T0 + 1_000, 1, true);
        wheel.add(T0 + 1_000, 2, false);

        assertThat(wheel.pending()).isEqualTo(1);
        assertThat(take(wheel, T0 + 5_999)).isEmpty();
        assertThat(take(wheel, T0 + 6_000)).containsExactly(2L);
    }

    @Test
    void aLongPauseSkipsEmptySecondsWithoutVisitingThem() {
        TimerWheel wheel = new TimerWheel(0, 0);
        wheel.add(T0 + 3 * 86_400_000L, 7, false);

        assertThat(take(wheel, T0)).isEmpty();
        assertThat(wheel.cursor()).isEqualTo(S0);
        assertThat(take(wheel, T0 + 3 * 86_400_000L)).containsExactly(7L);
    }

    @Test
    void theLowWatermarkStopsAtTheOldestArrivalNotYetTaken() {
        TimerWheel wheel = new TimerWheel(S0, 100);
        wheel.add(T0 + 10_000, 1, false); // arrival 100, due late
        wheel.add(T0 + 1_000, 2, false); // arrival 101
        wheel.add(T0 + 2_000, 3, false); // arrival 102

        take(wheel, T0 + 2_000);
        assertThat(wheel.lowWatermark()).as("arrival 100 is still pending").isEqualTo(100);

        take(wheel, T0 + 10_000);
        assertThat(wheel.lowWatermark()).isEqualTo(103);
    }

    @Test
    void manyArrivalsGrowTheIndex() {
        TimerWheel wheel = new TimerWheel(S0, 0);
        for (int i = 0; i < 5000; i++) {
            wheel.add(T0 + 1_000 + (i % 7) * 1_000, i, false);
        }
        assertThat(take(wheel, T0 + 8_000)).hasSize(5000);
        assertThat(wheel.lowWatermark()).isEqualTo(5000);
    }
}
