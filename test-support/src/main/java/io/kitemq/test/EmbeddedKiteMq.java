package io.kitemq.test;

import io.kitemq.broker.Broker;
import io.kitemq.broker.BrokerConfig;
import io.kitemq.broker.BrokerMetrics;
import io.kitemq.nameserver.NameServer;
import io.kitemq.nameserver.NameServerConfig;
import io.kitemq.nameserver.handler.NameServerMetrics;
import io.kitemq.store.FlushMode;
import io.kitemq.store.StoreConfig;
import io.kitemq.store.StoreMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A KiteMQ NameServer and one Broker inside this JVM, on ephemeral loopback ports, with data under a
 * directory of the caller's choice (typically a JUnit {@code @TempDir}).
 *
 * <pre>{@code
 * try (EmbeddedKiteMq mq = EmbeddedKiteMq.start(tempDir)) {
 *     String nameServer = mq.nameServerAddress(); // give it to a producer or consumer
 * }
 * }</pre>
 *
 * <p>Tests that need other broker settings (short delay levels, quick transaction checks) pass a
 * customizer of the {@link BrokerConfig} and a setup of the {@link Broker} before it starts:
 *
 * <pre>{@code
 * EmbeddedKiteMq.start(tempDir, FlushMode.ASYNC,
 *         config -> config.withSchedule(ScheduleConfig.defaults().withDelayLevels(DelayLevels.parse("1s 2s"))),
 *         broker -> broker.transactionConfig(new TransactionConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), 5)));
 * }</pre>
 *
 * <p>{@link #restartBroker()} closes the broker cleanly and starts it again on the same data directory
 * (and a new port), so tests can check what survives a restart. The broker uses small CommitLog
 * segments (64 MiB) so a test cluster does not reserve a gigabyte of disk.
 *
 * <p>Not thread-safe: start, restart and close it from one test thread. The servers themselves are
 * fully concurrent.
 */
public final class EmbeddedKiteMq implements AutoCloseable {

    private final Path dir;
    private final FlushMode flushMode;
    private final UnaryOperator<BrokerConfig> brokerConfig;
    private final Consumer<Broker> brokerSetup;
    private final NameServer nameServer;
    private Broker broker;

    private EmbeddedKiteMq(
            Path dir, FlushMode flushMode, UnaryOperator<BrokerConfig> brokerConfig, Consumer<Broker> brokerSetup) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.flushMode = Objects.requireNonNull(flushMode, "flushMode");
        this.brokerConfig = Objects.requireNonNull(brokerConfig, "brokerConfig");
        this.brokerSetup = Objects.requireNonNull(brokerSetup, "brokerSetup");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        nameServer = new NameServer(
                        NameServerConfig.defaults(dir.resolve("namesrv")).withListen("127.0.0.1", 0),
                        InstantSource.system(),
                        NameServerMetrics.NONE)
                .start();
        try {
            broker = startBroker();
        } catch (RuntimeException e) {
            nameServer.close();
            throw e;
        }
    }

    /** Starts a NameServer and an ASYNC-flush Broker with data under {@code dir}. */
    public static EmbeddedKiteMq start(Path dir) {
        return new EmbeddedKiteMq(dir, FlushMode.ASYNC, UnaryOperator.identity(), broker -> {});
    }

    /** Starts a NameServer and a Broker with the given flush mode and data under {@code dir}. */
    public static EmbeddedKiteMq start(Path dir, FlushMode flushMode) {
        return new EmbeddedKiteMq(dir, flushMode, UnaryOperator.identity(), broker -> {});
    }

    /**
     * Starts a NameServer and a Broker whose settings are the embedded defaults passed through {@code
     * brokerConfig} (it must keep the listen address, NameServers and store directory); {@code brokerSetup}
     * runs on the new {@link Broker} before it starts (e.g. {@code b -> b.transactionConfig(...)}). Both
     * apply again on {@link #restartBroker()}.
     */
    public static EmbeddedKiteMq start(
            Path dir, FlushMode flushMode, UnaryOperator<BrokerConfig> brokerConfig, Consumer<Broker> brokerSetup) {
        return new EmbeddedKiteMq(dir, flushMode, brokerConfig, brokerSetup);
    }

    private Broker startBroker() {
        StoreConfig store = StoreConfig.defaults(dir.resolve("broker"))
                .withSegmentBytes(64 << 20, 100_000)
                .withFlushMode(flushMode);
        BrokerConfig config = brokerConfig.apply(BrokerConfig.defaults(store)
                .withListen("127.0.0.1", "127.0.0.1", 0)
                .withNameServers(List.of(nameServerAddress()))
                .withRegisterInterval(Duration.ofSeconds(5)));
        Broker created = new Broker(config, InstantSource.system(), BrokerMetrics.NONE, StoreMetrics.NONE);
        brokerSetup.accept(created);
        return created.start();
    }

    /** The NameServer's {@code host:port}, what clients are configured with. */
    public String nameServerAddress() {
        return "127.0.0.1:" + nameServer.port();
    }

    /** The broker's remoting {@code host:port}. */
    public String brokerAddress() {
        return broker.address();
    }

    /** The running broker core, for tests that look inside (topics, offsets, store). */
    public Broker broker() {
        return broker;
    }

    /** The running NameServer core. */
    public NameServer nameServer() {
        return nameServer;
    }

    /** Closes the broker cleanly and starts a new one on the same data directory. */
    public Broker restartBroker() {
        broker.close();
        broker = startBroker();
        return broker;
    }

    @Override
    public void close() {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            nameServer.close();
        }
    }
}
