package io.kitemq.broker;

import io.kitemq.broker.transaction.TransactionConfig;
import io.kitemq.nameserver.NameServer;
import io.kitemq.nameserver.NameServerConfig;
import io.kitemq.nameserver.handler.NameServerMetrics;
import io.kitemq.store.FlushMode;
import io.kitemq.store.StoreConfig;
import io.kitemq.store.StoreMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/** A NameServer and a Broker in this JVM on ephemeral loopback ports, data under a temp dir. */
public final class EmbeddedCluster implements AutoCloseable {

    public final NameServer nameServer;
    public Broker broker;
    private final Path dir;
    private final FlushMode flushMode;
    private final TransactionConfig transactionConfig;

    public EmbeddedCluster(Path dir, FlushMode flushMode) {
        this(dir, flushMode, TransactionConfig.defaults());
    }

    /** A cluster whose broker checks transactions on {@code transactionConfig}'s (short) timing. */
    public EmbeddedCluster(Path dir, FlushMode flushMode, TransactionConfig transactionConfig) {
        this.dir = dir;
        this.flushMode = flushMode;
        this.transactionConfig = transactionConfig;
        nameServer = new NameServer(
                        NameServerConfig.defaults(dir.resolve("namesrv")).withListen("127.0.0.1", 0),
                        InstantSource.system(),
                        NameServerMetrics.NONE)
                .start();
        broker = startBroker();
    }

    public Broker startBroker() {
        StoreConfig store = StoreConfig.defaults(dir.resolve("broker"))
                .withSegmentBytes(64 << 20, 100_000)
                .withFlushMode(flushMode);
        BrokerConfig config = BrokerConfig.defaults(store)
                .withListen("127.0.0.1", "127.0.0.1", 0)
                .withNameServers(List.of(nameServerAddress()))
                .withRegisterInterval(Duration.ofSeconds(5));
        broker = new Broker(config, InstantSource.system(), BrokerMetrics.NONE, StoreMetrics.NONE)
                .transactionConfig(transactionConfig)
                .start();
        return broker;
    }

    public String nameServerAddress() {
        return "127.0.0.1:" + nameServer.port();
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
        nameServer.close();
    }
}
