package io.kitemq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void sideBySidePairsRunsByIndexSkipsZeroBaselinesAndTakesTheMedian() {
        Units.SideBySide r = Units.sideBySide(List.of(200.0, 300.0, 50.0, 90.0), List.of(10.0, 0.0, 5.0, 10.0), x -> x);
        assertThat(r.ratios()).containsExactly("20.0x", "10.0x", "9.0x");
        assertThat(r.joined()).isEqualTo("20.0x, 10.0x, 9.0x");
        assertThat(r.median()).isEqualTo("10.0x");
    }

    @Test
    void sideBySideOfNoRunsHasNoMedian() {
        Units.SideBySide r = Units.sideBySide(List.<Double>of(), List.of(), x -> x);
        assertThat(r.ratios()).isEmpty();
        assertThat(r.median()).isEqualTo("-");
    }
}
