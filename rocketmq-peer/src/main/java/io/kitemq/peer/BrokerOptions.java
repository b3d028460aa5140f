package io.kitemq.peer;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link RocketMqPeer#startBroker} configures an official Apache RocketMQ broker.
 *
 * <p>Addresses, ports and paths are not options: the launcher always binds to loopback, advertises
 * {@code 127.0.0.1}, picks free ports and keeps every file under the peer's work directory. Anything else
 * RocketMQ understands in {@code broker.conf} goes into {@link #extraProperties}, which is written last and so
 * wins over the keys the launcher derives (for example {@code brokerRole=SYNC_MASTER}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param brokerName {@code brokerName}
 * @param clusterName {@code brokerClusterName}
 * @param brokerId {@code brokerId}; 0 starts an {@code ASYNC_MASTER}, anything above a {@code SLAVE}
 * @param flushDiskType {@code flushDiskType}
 * @param autoCreateTopicEnable {@code autoCreateTopicEnable}
 * @param jvmOptions flags for the broker's JVM, heap first (default {@code -Xms256m -Xmx256m}); placed after
 *     the launcher's own flags, so a {@code -D} here overrides the launcher's
 * @param commitLogFileBytes {@code mappedFileSizeCommitLog} (RocketMQ's default is 1 GiB; 64 MiB here)
 * @param consumeQueueFileBytes {@code mappedFileSizeConsumeQueue}, a multiple of the 20-byte entry
 * @param startTimeout how long to wait for the boot line and the open port
 * @param extraProperties further {@code broker.conf} keys, written in this order after the derived ones
 */
public record BrokerOptions(
        String brokerName,
        String clusterName,
        long brokerId,
        FlushDiskType flushDiskType,
        boolean autoCreateTopicEnable,
        List<String> jvmOptions,
        int commitLogFileBytes,
        int consumeQueueFileBytes,
        Duration startTimeout,
        Map<String, String> extraProperties) {

    /** RocketMQ's {@code FlushDiskType}. */
    public enum FlushDiskType {
        ASYNC_FLUSH,
        SYNC_FLUSH
    }

    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms256m", "-Xmx256m");
    public static final int DEFAULT_COMMIT_LOG_FILE_BYTES = 64 * 1024 * 1024;
    /** RocketMQ's own default: 300,000 entries of 20 bytes. */
    public static final int DEFAULT_CONSUME_QUEUE_FILE_BYTES = 300_000 * 20;

    private static final int CONSUME_QUEUE_ENTRY_BYTES = 20;

    public BrokerOptions {
        requireText(brokerName, "brokerName");
        requireText(clusterName, "clusterName");
        if (brokerId < 0) {
            throw new IllegalArgumentException("brokerId must be >= 0, got " + brokerId);
        }
        Objects.requireNonNull(flushDiskType, "flushDiskType");
        jvmOptions = List.copyOf(jvmOptions);
        if (commitLogFileBytes <= 0) {
            throw new IllegalArgumentException("commitLogFileBytes must be > 0, got " + commitLogFileBytes);
        }
        if (consumeQueueFileBytes <= 0 || consumeQueueFileBytes % CONSUME_QUEUE_ENTRY_BYTES != 0) {
            throw new IllegalArgumentException(
                    "consumeQueueFileBytes must be a positive multiple of 20, got " + consumeQueueFileBytes);
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, got " + startTimeout);
        }
        Map<String, String> extras = new LinkedHashMap<>();
        extraProperties.forEach((key, value) -> {
            requireText(key, "extraProperties key");
            extras.put(key, Objects.requireNonNull(value, () -> "extraProperties value of " + key));
        });
        extraProperties = Collections.unmodifiableMap(extras);
    }

    /** A master {@code broker-a} in {@code DefaultCluster}, async flush, auto-created topics, 256 MiB heap. */
    public static BrokerOptions defaults() {
        return new BrokerOptions(
                "broker-a",
                "DefaultCluster",
                0,
                FlushDiskType.ASYNC_FLUSH,
                true,
                DEFAULT_JVM_OPTIONS,
                DEFAULT_COMMIT_LOG_FILE_BYTES,
                DEFAULT_CONSUME_QUEUE_FILE_BYTES,
                RocketMqPeer.DEFAULT_START_TIMEOUT,
                Map.of());
    }

    public BrokerOptions withBrokerName(String value) {
        return edit(b -> b.brokerName = value);
    }

    public BrokerOptions withClusterName(String value) {
        return edit(b -> b.clusterName = value);
    }

    public BrokerOptions withBrokerId(long value) {
        return edit(b -> b.brokerId = value);
    }

    public BrokerOptions withFlushDiskType(FlushDiskType value) {
        return edit(b -> b.flushDiskType = value);
    }

    public BrokerOptions withAutoCreateTopicEnable(boolean value) {
        return edit(b -> b.autoCreateTopicEnable = value);
    }

    /** Replaces all JVM flags, heap included: {@code withJvmOptions("-Xms1g", "-Xmx1g")}. */
    public BrokerOptions withJvmOptions(String... value) {
        return edit(b -> b.jvmOptions = List.of(value));
    }

    public BrokerOptions withCommitLogFileBytes(int value) {
        return edit(b -> b.commitLogFileBytes = value);
    }

    public BrokerOptions withConsumeQueueFileBytes(int value) {
        return edit(b -> b.consumeQueueFileBytes = value);
    }

    public BrokerOptions withStartTimeout(Duration value) {
        return edit(b -> b.startTimeout = value);
    }

    /** Adds (or replaces) one raw {@code broker.conf} key. */
    public BrokerOptions withProperty(String key, String value) {
        Map<String, String> extras = new LinkedHashMap<>(extraProperties);
        extras.put(key, value);
        return edit(b -> b.extraProperties = extras);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /** A copy with {@code change} applied to its settings (validated again by the canonical constructor). */
    private BrokerOptions edit(java.util.function.Consumer<Settings> change) {
        Settings b = new Settings(this);
        change.accept(b);
        return b.build();
    }

    /** The record's components as mutable fields: what the {@code withX} methods change in a copy. */
    private static final class Settings {
        String brokerName;
        String clusterName;
        long brokerId;
        FlushDiskType flushDiskType;
        boolean autoCreateTopicEnable;
        List<String> jvmOptions;
        int commitLogFileBytes;
        int consumeQueueFileBytes;
        Duration startTimeout;
        Map<String, String> extraProperties;

        Settings(BrokerOptions c) {
            brokerName = c.brokerName;
            clusterName = c.clusterName;
            brokerId = c.brokerId;
            flushDiskType = c.flushDiskType;
            autoCreateTopicEnable = c.autoCreateTopicEnable;
            jvmOptions = c.jvmOptions;
            commitLogFileBytes = c.commitLogFileBytes;
            consumeQueueFileBytes = c.consumeQueueFileBytes;
            startTimeout = c.startTimeout;
            extraProperties = c.extraProperties;
        }

        BrokerOptions build() {
            return new BrokerOptions(
                    brokerName,
                    clusterName,
                    brokerId,
                    flushDiskType,
                    autoCreateTopicEnable,
                    jvmOptions,
                    commitLogFileBytes,
                    consumeQueueFileBytes,
                    startTimeout,
                    extraProperties);
        }
    }
}
