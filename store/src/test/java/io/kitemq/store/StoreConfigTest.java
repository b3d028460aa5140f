package io.kitemq.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

    private final StoreConfig defaults = StoreConfig.defaults(Path.of("data"));

    @Test
    void eachWithChangesOnlyItsOwnSettings() {
        StoreConfig c = defaults.withFlushMode(FlushMode.SYNC);
        assertThat(c.flushMode()).isEqualTo(FlushMode.SYNC);
        assertThat(c.withFlushMode(FlushMode.ASYNC)).isEqualTo(defaults);

        StoreConfig small = defaults.withSegmentBytes(64 * 1024, 100);
        assertThat(small.commitLogSegmentBytes()).isEqualTo(64 * 1024);
        assertThat(small.consumeQueueEntriesPerSegment()).isEqualTo(100);
        assertThat(small.maxMessageBytes()).isEqualTo(32 * 1024); // capped at half a segment
        assertThat(small.indexMaxHashSlots()).isEqualTo(defaults.indexMaxHashSlots());

        StoreConfig retention = defaults.withRetention(Duration.ofHours(1), 3, 60, 80, Duration.ofSeconds(1));
        assertThat(retention)
                .extracting(
                        StoreConfig::fileReservedTime,
                        StoreConfig::deleteWhenHour,
                        StoreConfig::diskHighWaterPercent,
                        StoreConfig::diskReadOnlyPercent,
                        StoreConfig::retentionCheckInterval)
                .containsExactly(Duration.ofHours(1), 3, 60, 80, Duration.ofSeconds(1));
        assertThat(retention.flushInterval()).isEqualTo(defaults.flushInterval());

        StoreConfig intervals =
                defaults.withIntervals(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(30));
        assertThat(intervals)
                .extracting(StoreConfig::flushInterval, StoreConfig::syncFlushTimeout, StoreConfig::checkpointInterval)
                .containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(30));

        assertThat(defaults.withIndexSize(10, 20))
                .extracting(StoreConfig::indexMaxHashSlots, StoreConfig::indexMaxEntries)
                .containsExactly(10, 20);
        assertThat(defaults.withMaxMessageBytes(1000).maxMessageBytes()).isEqualTo(1000);
        assertThat(defaults.commitLogWriteWindowBytes()).isEqualTo(64 << 20);
        assertThat(defaults.withWriteWindows(8192).commitLogWriteWindowBytes()).isEqualTo(8192);
        assertThat(defaults.withWriteWindows(8192).dir()).isEqualTo(defaults.dir());
        assertThat(defaults.groupCommitMaxWait()).isEqualTo(Duration.ofMillis(1));
        assertThat(defaults.withGroupCommitMaxWait(Duration.ZERO).groupCommitMaxWait())
                .isEqualTo(Duration.ZERO);
        assertThat(defaults.withGroupCommitMaxWait(Duration.ZERO).syncFlushTimeout())
                .isEqualTo(defaults.syncFlushTimeout());
        assertThat(defaults.syncPrepareAheadBytes()).isEqualTo(32 << 20);
        assertThat(defaults.withSyncPrepareAhead(0).syncPrepareAheadBytes()).isZero();
        assertThat(defaults.pageCacheWindowBytes()).isEqualTo(StoreConfig.PAGE_CACHE_WINDOW_AUTO);
        assertThat(defaults.withPageCacheWindow(0).pageCacheWindowBytes()).isZero();
        assertThat(defaults.withPageCacheWindow(64L << 20).pageCacheWindowBytes())
                .isEqualTo(64L << 20);
    }

    @Test
    void copiesAreValidatedLikeNewConfigs() {
        assertThatThrownBy(() -> defaults.withWriteWindows(1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of 4096");
        assertThatThrownBy(() -> defaults.withSegmentBytes(1024, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("commitLogSegmentBytes");
        assertThatThrownBy(() -> defaults.withRetention(Duration.ofHours(1), 24, 75, 90, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deleteWhenHour");
        assertThatThrownBy(() -> defaults.withIntervals(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> defaults.withGroupCommitMaxWait(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groupCommitMaxWait");
        assertThatThrownBy(() -> defaults.withSyncPrepareAhead(1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("syncPrepareAheadBytes");
        assertThatThrownBy(() -> defaults.withSyncPrepareAhead(-4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("syncPrepareAheadBytes");
        assertThatThrownBy(() -> defaults.withPageCacheWindow((64L << 20) - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pageCacheWindowBytes");
        assertThatThrownBy(() -> defaults.withPageCacheWindow(-2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pageCacheWindowBytes");
        // a short fsync timeout does not clash with the default wait (a wait never outlasts half an fsync)
        assertThat(defaults.withIntervals(Duration.ofMillis(10), Duration.ofMillis(1), Duration.ofSeconds(1))
                        .groupCommitMaxWait())
                .isEqualTo(Duration.ofMillis(1));
    }
}
