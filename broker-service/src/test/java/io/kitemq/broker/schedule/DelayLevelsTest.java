package io.kitemq.broker.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DelayLevelsTest {

    @Test
    void rocketMqLevelsReadAndPrintTheSame() {
        DelayLevels levels = DelayLevels.rocketMq();

        assertThat(levels.maxLevel()).isEqualTo(18);
        assertThat(levels.delayMillis(1)).isEqualTo(1000);
        assertThat(levels.delayMillis(3)).isEqualTo(10_000);
        assertThat(levels.delayMillis(18)).isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(levels.clamp(40)).isEqualTo(18);
        assertThat(levels.text()).isEqualTo(DelayLevels.ROCKETMQ_LEVELS);
        assertThat(DelayLevels.parse("250ms 1d").delays()).containsExactly(Duration.ofMillis(250), Duration.ofDays(1));
    }

    @Test
    void badTextAndLevelsAreRefused() {
        assertThatThrownBy(() -> DelayLevels.parse("1s 5x")).hasMessageContaining("'5x'");
        assertThatThrownBy(() -> DelayLevels.parse("0s")).hasMessageContaining("positive");
        assertThatThrownBy(() -> DelayLevels.rocketMq().delayMillis(19)).hasMessageContaining("1..18");
    }
}
