package io.kitemq.broker.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.broker.BrokerConfig;
import io.kitemq.store.FlushMode;
import io.kitemq.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code kitemq.broker.store.*} as an operator writes it, bound by Spring and mapped onto the store's config. */
class BrokerPropertiesTest {

    private static BrokerConfig bind(Map<String, String> properties) {
        Binder binder = new Binder(new MapConfigurationPropertySource(properties));
        return binder.bindOrCreate("kitemq.broker", BrokerProperties.class).toConfig();
    }

    @Test
    void storeDefaultsAreTheStoresDefaults() {
        StoreConfig store = bind(Map.of("kitemq.broker.broker-ip", "127.0.0.1")).store();
        StoreConfig defaults = StoreConfig.defaults(store.dir());
        assertThat(store.dir().normalize()).isEqualTo(Path.of("data/broker"));
        assertThat(store.flushMode()).isEqualTo(FlushMode.ASYNC);
        assertThat(store.commitLogWriteWindowBytes()).isEqualTo(64 << 20);
        assertThat(store.groupCommitMaxWait()).isEqualTo(defaults.groupCommitMaxWait());
        assertThat(store.syncPrepareAheadBytes())
                .isEqualTo(defaults.syncPrepareAheadBytes())
                .isEqualTo(32 << 20);
        assertThat(store.commitLogSegmentBytes()).isEqualTo(defaults.commitLogSegmentBytes());
        assertThat(store.pageCacheWindowBytes()).isEqualTo(StoreConfig.PAGE_CACHE_WINDOW_AUTO);
    }

    @Test
    void thePageCacheWindowIsAutoZeroOrASize() {
        assertThat(bind(Map.of("kitemq.broker.broker-ip", "127.0.0.1", "kitemq.broker.store.page-cache-window", "0"))
                        .store()
                        .pageCacheWindowBytes())
                .isZero();
        assertThat(bind(Map.of(
                                "kitemq.broker.broker-ip", "127.0.0.1",
                                "kitemq.broker.store.page-cache-window", "2GB"))
                        .store()
                        .pageCacheWindowBytes())
                .isEqualTo(2L << 30);
        assertThat(bind(Map.of(
                                "kitemq.broker.broker-ip", "127.0.0.1",
                                "kitemq.broker.store.page-cache-window", "AUTO"))
                        .store()
                        .pageCacheWindowBytes())
                .isEqualTo(StoreConfig.PAGE_CACHE_WINDOW_AUTO);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind(Map.of(
                        "kitemq.broker.broker-ip", "127.0.0.1", "kitemq.broker.store.page-cache-window", "lots")))
                .hasStackTraceContaining("page-cache-window must be auto, 0 or a size");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind(
                        Map.of("kitemq.broker.broker-ip", "127.0.0.1", "kitemq.broker.store.page-cache-window", "-1B")))
                .as("a negative size is not a way to say auto")
                .hasStackTraceContaining("page-cache-window must be auto, 0 or a size");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind(
                        Map.of("kitemq.broker.broker-ip", "127.0.0.1", "kitemq.broker.store.page-cache-window", "1MB")))
                .hasStackTraceContaining("pageCacheWindowBytes");
    }

    @Test
    void storeSettingsReachTheStore() {
        StoreConfig store = bind(Map.of(
                        "kitemq.broker.broker-ip", "127.0.0.1",
                        "kitemq.broker.store.dir", "/var/lib/kitemq",
                        "kitemq.broker.store.flush-mode", "SYNC",
                        "kitemq.broker.store.commit-log-segment-size", "64MB",
                        "kitemq.broker.store.write-window-size", "16MB",
                        "kitemq.broker.store.group-commit-max-wait", "0",
                        "kitemq.broker.store.sync-prepare-ahead", "8MB",
                        "kitemq.broker.store.file-reserved-time", "48h",
                        "kitemq.broker.store.delete-when", "2"))
                .store();
        assertThat(store.dir()).isEqualTo(Path.of("/var/lib/kitemq"));
        assertThat(store.flushMode()).isEqualTo(FlushMode.SYNC);
        assertThat(store.commitLogSegmentBytes()).isEqualTo(64 << 20);
        assertThat(store.commitLogWriteWindowBytes()).isEqualTo(16 << 20);
        assertThat(store.groupCommitMaxWait()).isEqualTo(Duration.ZERO);
        assertThat(store.syncPrepareAheadBytes()).isEqualTo(8 << 20);
        assertThat(store.fileReservedTime()).isEqualTo(Duration.ofHours(48));
        assertThat(store.deleteWhenHour()).isEqualTo(2);
        assertThat(bind(Map.of(
                                "kitemq.broker.broker-ip",
                                "127.0.0.1",
                                "kitemq.broker.store.group-commit-max-wait",
                                "500us"))
                        .store()
                        .groupCommitMaxWait())
                .isEqualTo(Duration.ofNanos(500_000));
    }
}
