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
    private final NameServer nameServer;
    private Broker broker;

    private EmbeddedKiteMq(Path dir, FlushMode flushMode) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.flushMode = Objects.requireNonNull(flushMode, "flushMode");
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
        return new EmbeddedKiteMq(dir, FlushMode.ASYNC);
    }

    /** Starts a NameServer and a Broker with the given flush mode and data under {@code dir}. */
    public static EmbeddedKiteMq start(Path dir, FlushMode flushMode) {
        return new EmbeddedKiteMq(dir, flushMode);
    }

    private Broker startBroker() {
        StoreConfig store = StoreConfig.defaults(dir.resolve("broker"))
                .withSegmentBytes(64 << 20, 100_000)
                .withFlushMode(flushMode);
        BrokerConfig config = BrokerConfig.defaults(store)
                .withListen("127.0.0.1", "127.0.0.1", 0)
                .withNameServers(List.of(nameServerAddress()))
                .withRegisterInterval(Duration.ofSeconds(5));
        return new Broker(config, InstantSource.system(), BrokerMetrics.NONE, StoreMetrics.NONE).start();
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
