package io.kitemq.broker.registration;

import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.RegisterBrokerBody;
import io.kitemq.protocol.body.TopicConfigSerializeWrapper;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.RegisterBrokerRequestHeader;
import io.kitemq.protocol.header.UnRegisterBrokerRequestHeader;
import io.kitemq.remoting.RemotingClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this broker registered with every NameServer: at start, every {@code interval} (the NameServer
 * drops a broker silent for 120 s), and soon after any topic change; unregisters at shutdown. Each
 * NameServer is tried independently — one being down never delays the others.
 *
 * <p>Thread-safe: registrations run on one scheduler thread.
 */
public final class NameServerRegistrar implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NameServerRegistrar.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(6);

    /** Who this broker is, as NameServers see it. */
    public record Identity(
            String clusterName, String brokerName, long brokerId, String brokerAddr, String haServerAddr) {}

    private final Identity identity;
    private final List<String> nameServers;
    private final Supplier<TopicConfigSerializeWrapper> topics;
    private final RemotingClient client;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean pending = new AtomicBoolean();

    public NameServerRegistrar(
            Identity identity,
            List<String> nameServers,
            Supplier<TopicConfigSerializeWrapper> topics,
            RemotingClient client) {
        this.identity = identity;
        this.nameServers = List.copyOf(nameServers);
        this.topics = topics;
        this.client = client;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kitemq-broker-registrar");
            t.setDaemon(true);
            return t;
        });
    }

    /** Registers now (waiting for the answers) and then every {@code interval}. */
    public void start(Duration interval) {
        registerAll();
        long ms = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::registerAll, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Asks for a registration soon (topics changed); several requests close together make one. */
    public void topicsChanged() {
        if (pending.compareAndSet(false, true)) {
            scheduler.schedule(
                    () -> {
                        pending.set(false);
                        registerAll();
                    },
                    100,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Registers with every NameServer once; returns how many accepted. */
    public int registerAll() {
        byte[] body = BodyCodec.encode(new RegisterBrokerBody(topics.get(), List.of()));
        CRC32 crc = new CRC32();
        crc.update(body);
        int crc32 = (int) (crc.getValue() & 0x7FFFFFFF);
        int ok = 0;
        for (String ns : nameServers) {
            RemotingCommand request = RemotingCommand.request(
                            RequestCode.REGISTER_BROKER.code(),
                            new RegisterBrokerRequestHeader(
                                    identity.brokerName(),
                                    identity.brokerAddr(),
                                    identity.clusterName(),
                                    identity.haServerAddr(),
                                    identity.brokerId(),
                                    null,
                                    false,
                                    false,
                                    crc32))
                    .body(body);
            try {
                RemotingCommand response = client.invokeSync(ns, request, TIMEOUT);
                if (response.code() == 0) {
                    ok++;
                } else {
                    log.warn("NameServer {} refused the registration: {} {}", ns, response.code(), response.remark());
                }
            } catch (RuntimeException e) {
                log.warn("cannot register with NameServer {}: {}", ns, e.getMessage());
            }
        }
        return ok;
    }

    /** Stops registering and tells every NameServer that this broker leaves. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        for (String ns : nameServers) {
            try {
                client.invokeSync(
                        ns,
                        RemotingCommand.request(
                                RequestCode.UNREGISTER_BROKER.code(),
                                new UnRegisterBrokerRequestHeader(
                                        identity.brokerName(),
                                        identity.brokerAddr(),
                                        identity.clusterName(),
                                        identity.brokerId())),
                        TIMEOUT);
            } catch (RuntimeException e) {
                log.warn("cannot unregister from NameServer {}: {}", ns, e.getMessage());
            }
        }
    }
}
