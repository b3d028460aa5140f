package io.kitemq.client.core;

import io.kitemq.client.FatalClientException;
import io.kitemq.client.KiteMqClientException;
import io.kitemq.protocol.body.BrokerData;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.CommandFormat;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.ClientConfig;
import io.kitemq.remoting.RemotingClient;
import io.kitemq.remoting.RemotingException;
import io.kitemq.remoting.RequestHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery one client object (a producer, a consumer, an admin client) runs on: it OWNS a {@link
 * RemotingClient} (connections, I/O and callback threads) and a scheduler thread, caches topic routes
 * (refreshed every {@link ClientOptions#routeRefreshInterval()}), heartbeats the known brokers every
 * {@link ClientOptions#heartbeatInterval()} with the groups of its registered {@link HeartbeatContributor}s,
 * and serves the requests brokers send to the client through handlers registered with {@link
 * #registerHandler}. There is no global registry: two runtimes never share anything, and {@link #close()}
 * releases everything this one holds.
 *
 * <p>Calls to brokers and NameServers throw {@link KiteMqClientException}s (retriable or fatal) that name
 * the broker; response codes are left to the caller ({@link #check}).
 *
 * <p>Thread-safe.
 */
public final class ClientRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClientRuntime.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ClientOptions options;
    private final String clientId;
    private final RemotingClient remoting;
    private final ScheduledThreadPoolExecutor scheduler;
    private final NameServers nameServers;
    private final RouteTable routes;
    private final Heartbeats heartbeats;
    private volatile boolean closed;

    private ClientRuntime(ClientOptions options, String label) {
        this.options = options;
        String instance = options.instanceName() != null
                ? options.instanceName()
                : ProcessHandle.current().pid() + "#" + INSTANCES.incrementAndGet();
        this.clientId = options.clientIp() + "@" + instance;
        this.remoting = new RemotingClient(new ClientConfig(
                label,
                1,
                options.callbackThreads(),
                1,
                Duration.ofSeconds(3),
                CommandFormat.DEFAULT_MAX_FRAME_BYTES,
                Duration.ofSeconds(120),
                options.serializeType(),
                true,
                Duration.ofSeconds(3)));
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, label + "-scheduler");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.nameServers = new NameServers(remoting, options.nameServers(), options.requestTimeout());
        this.routes = new RouteTable(nameServers, this::heartbeatSoon);
        this.heartbeats = new Heartbeats(clientId, remoting, routes, options.requestTimeout());
    }

    /**
     * Starts a runtime: threads and periodic tasks; connections open on first use.
     *
     * @param label names its threads and log lines, e.g. {@code "producer-orders"}
     */
    public static ClientRuntime start(ClientOptions options, String label) {
        ClientRuntime runtime = new ClientRuntime(options, label);
        long refresh = options.routeRefreshInterval().toMillis();
        long beat = options.heartbeatInterval().toMillis();
        runtime.scheduler.scheduleWithFixedDelay(runtime::refreshRoutes, refresh, refresh, TimeUnit.MILLISECONDS);
        runtime.scheduler.scheduleWithFixedDelay(runtime::heartbeatQuietly, beat, beat, TimeUnit.MILLISECONDS);
        log.debug("client runtime {} started, NameServers {}", runtime.clientId, options.nameServers());
        return runtime;
    }

    public ClientOptions options() {
        return options;
    }

    /** {@code ip@instanceName}: how brokers and other group members know this client. */
    public String clientId() {
        return clientId;
    }

    /** The runtime's own remoting client, for calls this class does not wrap. */
    public RemotingClient remoting() {
        return remoting;
    }

    /** The runtime's single scheduler thread: periodic client tasks; keep tasks short and non-blocking. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    // ---- routes ----

    /**
     * The route of {@code topic}: cached, or fetched from the NameServers.
     *
     * @throws io.kitemq.client.TopicNotFoundException when the NameServers know no such topic
     */
    public TopicRoute route(String topic) {
        ensureOpen();
        return routes.route(topic);
    }

    /** The route of {@code topic}, cached or fetched; empty when the topic does not exist. */
    public Optional<TopicRoute> findRoute(String topic) {
        ensureOpen();
        return routes.find(topic);
    }

    /** The cached route of {@code topic}, without asking a NameServer. */
    public Optional<TopicRoute> cachedRoute(String topic) {
        return routes.cached(topic);
    }

    /** Fetches {@code topic}'s route now (after a failure, say) and caches it; empty when it does not exist. */
    public Optional<TopicRoute> refreshRoute(String topic) {
        ensureOpen();
        return routes.refresh(topic);
    }

    /** Fetches a route without caching it (admin tools). */
    public Optional<TopicRoute> fetchRoute(String topic) {
        ensureOpen();
        return routes.fetch(topic);
    }

    public void addRouteListener(RouteListener listener) {
        routes.addListener(listener);
    }

    public void removeRouteListener(RouteListener listener) {
        routes.removeListener(listener);
    }

    /** The master address of {@code brokerName} from the cached routes, or {@code null}. */
    public String masterAddress(String brokerName) {
        return routes.masterAddress(brokerName);
    }

    /** The master address of {@code brokerName}, else any of its addresses, else {@code null}. */
    public String anyAddress(String brokerName) {
        return routes.anyAddress(brokerName);
    }

    /** The brokers of all cached routes by name. */
    public Map<String, BrokerData> knownBrokers() {
        return routes.brokers();
    }

    /** Every address of every broker of the cached routes. */
    public Set<String> knownBrokerAddresses() {
        return routes.brokerAddresses(false);
    }

    // ---- calls ----

    /**
     * Sends {@code request} to the broker at {@code address} and returns its response, whatever the code.
     *
     * @throws KiteMqClientException on a transport failure (timeout, no connection, closed client)
     */
    public RemotingCommand invoke(String address, RemotingCommand request, Duration timeout) {
        ensureOpen();
        try {
            return remoting.invokeSync(address, request, timeout);
        } catch (RemotingException e) {
            throw KiteMqClientException.ofTransport("request " + describe(request) + " failed", e, null, null, address);
        }
    }

    /** Like {@link #invoke} but asynchronous; fails with a {@link KiteMqClientException}. */
    public CompletableFuture<RemotingCommand> invokeAsync(String address, RemotingCommand request, Duration timeout) {
        if (closed) {
            return CompletableFuture.failedFuture(closedException());
        }
        return remoting.invokeAsync(address, request, timeout).exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RemotingException re) {
                throw KiteMqClientException.ofTransport(
                        "request " + describe(request) + " failed", re, null, null, address);
            }
            throw cause instanceof RuntimeException rt ? rt : new CompletionException(cause);
        });
    }

    /** Sends a request that expects no response; completes when written. */
    public CompletableFuture<Void> invokeOneway(String address, RemotingCommand request) {
        if (closed) {
            return CompletableFuture.failedFuture(closedException());
        }
        request.markOneway();
        return remoting.invokeOneway(address, request);
    }

    /** Sends {@code request} to a NameServer (failing over to the next) and returns its response. */
    public RemotingCommand invokeNameServer(RemotingCommand request) {
        ensureOpen();
        return nameServers.invoke(request);
    }

    /**
     * Returns {@code response} when its code is SUCCESS, else throws the typed exception for its code.
     *
     * @param what what was attempted, for the message ("pull", "query offset")
     */
    public static RemotingCommand check(
            RemotingCommand response,
            String what,
            String topic,
            io.kitemq.protocol.message.MessageQueue queue,
            String broker) {
        if (response.code() == 0) {
            return response;
        }
        throw KiteMqClientException.ofResponse(what, response.code(), response.remark(), topic, queue, broker);
    }

    // ---- broker -> client requests ----

    /**
     * Serves requests with {@code code} that brokers send to this client, on {@code executor} ({@code
     * null}: the runtime's callback threads). Registering a code again replaces the handler.
     */
    public void registerHandler(RequestCode code, RequestHandler handler, Executor executor) {
        remoting.registerHandler(code.code(), handler, executor);
    }

    // ---- heartbeats ----

    /** Adds {@code contributor}'s groups to this client's heartbeats (sent soon, then periodically). */
    public void register(HeartbeatContributor contributor) {
        heartbeats.add(contributor);
        heartbeatSoon();
    }

    /** Removes {@code contributor} and unregisters its groups from the known brokers (blocking). */
    public void unregister(HeartbeatContributor contributor) {
        heartbeats.remove(contributor);
    }

    /** Heartbeats every known broker now, on the calling thread; returns how many accepted it. */
    public int heartbeatNow() {
        ensureOpen();
        return heartbeats.send();
    }

    /** Heartbeats every known broker soon, on the scheduler thread. */
    public void heartbeatSoon() {
        if (!closed) {
            try {
                scheduler.execute(this::heartbeatQuietly);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
    }

    private void heartbeatQuietly() {
        try {
            heartbeats.send();
        } catch (RuntimeException e) {
            log.warn("heartbeat of {} failed: {}", clientId, e.toString());
        }
    }

    private void refreshRoutes() {
        try {
            routes.refreshAll();
        } catch (RuntimeException e) {
            log.warn("route refresh of {} failed: {}", clientId, e.toString());
        }
    }

    public boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw closedException();
        }
    }

    private FatalClientException closedException() {
        return new FatalClientException("client " + clientId + " is closed");
    }

    private static String describe(RemotingCommand request) {
        return RequestCode.fromCode(request.code())
                .map(c -> c.name() + "(" + c.code() + ")")
                .orElse(String.valueOf(request.code()));
    }

    /** Stops the periodic tasks, waits for a running one, closes every connection and thread. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("scheduler of {} did not stop within 5 s", clientId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        remoting.shutdown();
        log.debug("client runtime {} closed", clientId);
    }
}
