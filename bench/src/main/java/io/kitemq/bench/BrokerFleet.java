package io.kitemq.bench;

import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.DataVersion;
import io.kitemq.protocol.body.RegisterBrokerBody;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.body.TopicConfigSerializeWrapper;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.RegisterBrokerRequestHeader;
import io.kitemq.remoting.ClientConfig;
import io.kitemq.remoting.RemotingClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;

/**
 * Simulated broker masters that exist only as REGISTER_BROKER requests: every broker announces the same
 * topics (each with the same read/write queue count, perm 6) to every NameServer it is given, with a plain
 * JSON body and its CRC32 as a 5.x broker sends them, and re-registers periodically with the unchanged
 * body and data version (a broker's heartbeat). All brokers share one connection per NameServer, held by
 * this fleet's own client; a NameServer drops brokers whose connection closes, so keep the fleet open for
 * as long as their routes are measured.
 *
 * <p>Thread-safe.
 */
final class BrokerFleet implements AutoCloseable {

    static final String CLUSTER = "BenchCluster";
    static final long HEARTBEAT_TIMEOUT_MS = 120_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One simulated broker: its name, address and the request body it registers with. */
    record Broker(String name, String address, String haAddress, byte[] body, int bodyCrc32) {}

    private final List<String> topics = new ArrayList<>();
    private final List<Broker> brokers = new ArrayList<>();
    private final int queues;
    private final RemotingClient client = new RemotingClient(ClientConfig.defaults("bench-brokers"));
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-broker-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong heartbeatsSent = new AtomicLong();
    private final AtomicReference<String> heartbeatFailure = new AtomicReference<>();

    BrokerFleet(int brokerCount, int topicCount, int queues) {
        this.queues = queues;
        for (int t = 0; t < topicCount; t++) {
            topics.add(String.format(Locale.ROOT, "BenchTopic-%05d", t));
        }
        Map<String, TopicConfig> table = new LinkedHashMap<>();
        for (String topic : topics) {
            table.put(topic, new TopicConfig(topic, queues, queues, TopicConfig.DEFAULT_PERM));
        }
        long now = System.currentTimeMillis();
        for (int b = 0; b < brokerCount; b++) {
            byte[] body = BodyCodec.encode(new RegisterBrokerBody(
                    new TopicConfigSerializeWrapper(table, DataVersion.startingAt(now + b)), List.of()));
            int port = 30911 + 10 * b; // never listened on: a NameServer does not connect to its brokers
            brokers.add(new Broker(
                    String.format(Locale.ROOT, "bench-broker-%02d", b),
                    "127.0.0.1:" + port,
                    "127.0.0.1:" + (port + 1),
                    body,
                    crc32(body)));
        }
    }

    List<String> topics() {
        return topics;
    }

    List<Broker> brokers() {
        return brokers;
    }

    int queues() {
        return queues;
    }

    /** Registers every broker with {@code nameServer}, one after another; returns the time that took. */
    Duration registerAll(String nameServer) {
        long start = System.nanoTime();
        for (Broker b : brokers) {
            register(nameServer, b);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Re-registers every broker with each of {@code nameServers} every {@code period}, until {@link #close()}. */
    void keepAlive(List<String> nameServers, Duration period) {
        heartbeats.scheduleWithFixedDelay(
                () -> {
                    for (String ns : nameServers) {
                        for (Broker b : brokers) {
                            try {
                                register(ns, b);
                                heartbeatsSent.incrementAndGet();
                            } catch (RuntimeException e) {
                                heartbeatFailure.compareAndSet(null, e.getMessage());
                            }
                        }
                    }
                },
                period.toMillis(),
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    long heartbeatsSent() {
        return heartbeatsSent.get();
    }

    /** The first failed re-registration, or null. */
    String heartbeatFailure() {
        return heartbeatFailure.get();
    }

    private void register(String nameServer, Broker b) {
        RemotingCommand request = RemotingCommand.request(
                        RequestCode.REGISTER_BROKER.code(),
                        new RegisterBrokerRequestHeader(
                                b.name(),
                                b.address(),
                                CLUSTER,
                                b.haAddress(),
                                0,
                                HEARTBEAT_TIMEOUT_MS,
                                null,
                                false,
                                b.bodyCrc32()))
                .body(b.body());
        RemotingCommand response = client.invokeSync(nameServer, request, TIMEOUT);
        if (response.code() != 0) {
            throw new IllegalStateException("REGISTER_BROKER of " + b.name() + " with " + nameServer + " answered "
                    + response.code() + ": " + response.remark());
        }
    }

    /** RocketMQ's {@code UtilAll.crc32}: CRC32 with the sign bit cleared. */
    private static int crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        client.shutdown();
    }
}
