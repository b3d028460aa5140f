package io.kitemq.nameserver;

import io.kitemq.nameserver.handler.AddWritePermHandler;
import io.kitemq.nameserver.handler.DeleteKvConfigHandler;
import io.kitemq.nameserver.handler.DeleteTopicHandler;
import io.kitemq.nameserver.handler.GetAllTopicListHandler;
import io.kitemq.nameserver.handler.GetBrokerClusterInfoHandler;
import io.kitemq.nameserver.handler.GetKvConfigHandler;
import io.kitemq.nameserver.handler.GetKvListByNamespaceHandler;
import io.kitemq.nameserver.handler.GetRouteInfoHandler;
import io.kitemq.nameserver.handler.GetSystemTopicListHandler;
import io.kitemq.nameserver.handler.GetTopicsByClusterHandler;
import io.kitemq.nameserver.handler.NameServerMetrics;
import io.kitemq.nameserver.handler.PutKvConfigHandler;
import io.kitemq.nameserver.handler.QueryDataVersionHandler;
import io.kitemq.nameserver.handler.RegisterBrokerHandler;
import io.kitemq.nameserver.handler.UnregisterBrokerHandler;
import io.kitemq.nameserver.handler.WipeWritePermHandler;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.remoting.ConnectionListener;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RemotingServer;
import io.kitemq.remoting.ServerConfig;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NameServer: the route table served over the remoting protocol, with broker expiry. Plain Java —
 * {@code new NameServer(config, clock, metrics).start()} — so tests and the embedded cluster run it
 * in-process; the Boot shell adds REST, actuator and properties around it. NameServers never talk to
 * each other: every broker registers with each.
 *
 * <p>Thread-safe; {@link #start} and {@link #close} once each.
 */
public final class NameServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NameServer.class);

    private final NameServerConfig config;
    private final RouteTable routes;
    private final KvConfigStore kv;
    private final RemotingServer server;
    private final ScheduledExecutorService scanner;

    public NameServer(NameServerConfig config, InstantSource clock, NameServerMetrics metrics) {
        this.config = config;
        this.routes = new RouteTable(clock, config.brokerExpiry().toMillis());
        this.kv = KvConfigStore.open(config.dataDir());
        this.server = new RemotingServer(
                ServerConfig.defaults("kitemq-namesrv", config.listenPort()).withBindAddress(config.bindAddress()));
        this.scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kitemq-namesrv-scanner");
            t.setDaemon(true);
            return t;
        });
        register(metrics);
    }

    private void register(NameServerMetrics metrics) {
        server.registerHandler(RequestCode.REGISTER_BROKER.code(), new RegisterBrokerHandler(routes, kv, metrics));
        server.registerHandler(RequestCode.UNREGISTER_BROKER.code(), new UnregisterBrokerHandler(routes));
        server.registerHandler(RequestCode.QUERY_DATA_VERSION.code(), new QueryDataVersionHandler(routes));
        server.registerHandler(RequestCode.GET_ROUTEINFO_BY_TOPIC.code(), new GetRouteInfoHandler(routes, kv, metrics));
        server.registerHandler(RequestCode.GET_BROKER_CLUSTER_INFO.code(), new GetBrokerClusterInfoHandler(routes));
        server.registerHandler(
                RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER.code(), new GetAllTopicListHandler(routes));
        server.registerHandler(RequestCode.GET_TOPICS_BY_CLUSTER.code(), new GetTopicsByClusterHandler(routes));
        server.registerHandler(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS.code(), new GetSystemTopicListHandler(routes));
        server.registerHandler(RequestCode.DELETE_TOPIC_IN_NAMESRV.code(), new DeleteTopicHandler(routes));
        server.registerHandler(RequestCode.PUT_KV_CONFIG.code(), new PutKvConfigHandler(kv));
        server.registerHandler(RequestCode.GET_KV_CONFIG.code(), new GetKvConfigHandler(kv));
        server.registerHandler(RequestCode.DELETE_KV_CONFIG.code(), new DeleteKvConfigHandler(kv));
        server.registerHandler(RequestCode.GET_KVLIST_BY_NAMESPACE.code(), new GetKvListByNamespaceHandler(kv));
        server.registerHandler(RequestCode.WIPE_WRITE_PERM_OF_BROKER.code(), new WipeWritePermHandler(routes));
        server.registerHandler(RequestCode.ADD_WRITE_PERM_OF_BROKER.code(), new AddWritePermHandler(routes));
        server.addConnectionListener(new ConnectionListener() {
            @Override
            public void onClose(RemotingPeer peer) {
                routes.connectionClosed(peer);
            }
        });
    }

    public NameServer start() {
        server.start();
        long scanMs = config.scanInterval().toMillis();
        scanner.scheduleWithFixedDelay(this::expireSilentBrokers, scanMs, scanMs, TimeUnit.MILLISECONDS);
        log.info(
                "NameServer listening on port {} (remoting); brokers expire after {} s of silence",
                server.port(),
                config.brokerExpiry().toSeconds());
        return this;
    }

    private void expireSilentBrokers() {
        try {
            routes.expire();
        } catch (RuntimeException e) {
            log.error("expiry scan failed", e);
        }
    }

    /** The remoting port actually bound. */
    public int port() {
        return server.port();
    }

    public RouteTable routes() {
        return routes;
    }

    public KvConfigStore kvConfig() {
        return kv;
    }

    @Override
    public void close() {
        scanner.shutdownNow();
        server.shutdown();
        log.info("NameServer stopped");
    }
}
