package io.kitemq.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kitemq.store.dispatch.DispatchRequest;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Put totals by day and rates by window, on a clock the test moves. */
class PutStatsTest {

    static final long DAY = 86_400_000L;
    static final long MIDNIGHT = 1_700_006_400_000L; // 2023-11-15T00:00Z

    final AtomicLong now = new AtomicLong(MIDNIGHT + 10 * 3600_000L);
    final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    final PutStats stats = new PutStats(clock, ZoneOffset.UTC);

    void put(long storeMillis) {
        stats.dispatch(new DispatchRequest("T", 0, 0, 0, 100, 0, storeMillis, 0, Map.of()));
    }

    @Test
    void ratesOverTheLastWholeSeconds() {
        long t = now.get();
        for (int i = 0; i < 10; i++) {
            put(t - 5_000); // 10 messages five seconds ago
        }
        put(t - 120_000); // one two minutes ago
        put(t); // the current second is not yet counted

        assertThat(stats.perSecond(10)).isEqualTo(1.0);
        assertThat(stats.perSecond(60)).isEqualTo(10 / 60.0);
        assertThat(stats.perSecond(600)).isEqualTo(11 / 600.0);
        assertThat(stats.tpsText()).isEqualTo("1.00 0.17 0.02");
        assertThat(stats.totalNow()).isEqualTo(12);
        assertThatThrownBy(() -> stats.perSecond(601)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBucketIsReusedTenMinutesLater() {
        long t = now.get();
        put(t - 5_000);
        now.addAndGet(600_000);
        put(t + 600_000 - 5_000); // same bucket, a new second

        assertThat(stats.perSecond(10)).isEqualTo(0.1);
        assertThat(stats.perSecond(600)).isEqualTo(1 / 600.0);
    }

    @Test
    void totalsRollAtMidnight() {
        put(now.get());
        put(now.get());
        assertThat(stats.totalTodayMorning()).isZero();

        put(MIDNIGHT + DAY + 1); // first message of the next day rolls the counters
        assertThat(stats.totalTodayMorning()).isEqualTo(2);
        assertThat(stats.totalYesterdayMorning()).isZero();

        now.set(MIDNIGHT + 2 * DAY + 5); // a quiet day later, read without any message
        assertThat(stats.totalTodayMorning()).isEqualTo(3);
        assertThat(stats.totalYesterdayMorning()).isEqualTo(2);

        now.set(MIDNIGHT + 5 * DAY);
        assertThat(stats.totalYesterdayMorning())
                .as("days skipped: nothing since")
                .isEqualTo(3);
        assertThat(stats.totalTodayMorning()).isEqualTo(3);
        assertThat(stats.totalNow()).isEqualTo(3);
    }
}
