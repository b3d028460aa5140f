package io.kitemq.client.core;

import io.kitemq.client.KiteMqClientException;
import io.kitemq.client.TopicNotFoundException;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.BrokerData;
import io.kitemq.protocol.body.TopicRouteData;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetRouteInfoRequestHeader;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topic routes one client knows: fetched from the NameServers on first use, cached, fetched again by
 * {@link #refreshAll()} (the client's periodic task) and by {@link #refresh} (after a failure). Also the
 * client's view of brokers: name to addresses, merged over all cached routes.
 *
 * <p>Thread-safe. Concurrent first lookups of one topic may both ask the NameServer; the later answer wins.
 */
final class RouteTable {

    private static final Logger log = LoggerFactory.getLogger(RouteTable.class);

    private final NameServers nameServers;
    private final Map<String, TopicRoute> routes = new ConcurrentHashMap<>();
    /** Brokers of the cached routes, rebuilt after every change so that brokers gone from all routes drop out. */
    private volatile Map<String, BrokerData> brokers = Map.of();

    private final List<RouteListener> listeners = new CopyOnWriteArrayList<>();
    private final Runnable onNewBroker;

    RouteTable(NameServers nameServers, Runnable onNewBroker) {
        this.nameServers = nameServers;
        this.onNewBroker = onNewBroker;
    }

    void addListener(RouteListener listener) {
        listeners.add(listener);
    }

    void removeListener(RouteListener listener) {
        listeners.remove(listener);
    }

    TopicRoute route(String topic) {
        return find(topic).orElseThrow(() -> new TopicNotFoundException(topic, nameServers.preferred()));
    }

    Optional<TopicRoute> find(String topic) {
        TopicRoute cached = routes.get(topic);
        return cached != null ? Optional.of(cached) : refresh(topic);
    }

    Optional<TopicRoute> cached(String topic) {
        return Optional.ofNullable(routes.get(topic));
    }

    /**
     * Fetches {@code topic}'s route now and caches it; empty (and the topic dropped from the cache) when the
     * NameServers know no such topic.
     *
     * @throws KiteMqClientException when no NameServer answered or one answered with another error
     */
    Optional<TopicRoute> refresh(String topic) {
        Optional<TopicRoute> fetched = fetch(topic);
        if (fetched.isEmpty()) {
            if (routes.remove(topic) != null) {
                rebuildBrokers();
            }
            return fetched;
        }
        TopicRoute route = fetched.get();
        TopicRoute previous = routes.put(topic, route);
        Map<String, BrokerData> before = brokers;
        boolean newBroker = false;
        if (previous == null || !previous.equals(route)) {
            rebuildBrokers();
            for (BrokerData b : route.data().brokerDatas()) {
                BrokerData old = before.get(b.brokerName());
                newBroker |= old == null || !old.brokerAddrs().equals(b.brokerAddrs());
            }
        }
        if (previous != null && !previous.equals(route)) {
            log.debug("route of {} changed: {}", topic, route);
            for (RouteListener l : listeners) {
                notify(l, route);
            }
        }
        if (newBroker) {
            onNewBroker.run();
        }
        return fetched;
    }

    /** Fetches {@code topic}'s route without caching it; empty when the topic is unknown. */
    Optional<TopicRoute> fetch(String topic) {
        RemotingCommand request = RemotingCommand.request(
                RequestCode.GET_ROUTEINFO_BY_TOPIC.code(), new GetRouteInfoRequestHeader(topic, Boolean.TRUE));
        RemotingCommand response = nameServers.invoke(request);
        if (response.code() == ResponseCode.TOPIC_NOT_EXIST.code()) {
            return Optional.empty();
        }
        if (response.code() != ResponseCode.SUCCESS.code()) {
            throw KiteMqClientException.ofResponse(
                    "route lookup failed", response.code(), response.remark(), topic, null, nameServers.preferred());
        }
        return Optional.of(new TopicRoute(topic, BodyCodec.decode(response.body(), TopicRouteData.class)));
    }

    /** Refreshes every cached route; failures are logged and the old route kept. */
    void refreshAll() {
        for (String topic : Set.copyOf(routes.keySet())) {
            try {
                refresh(topic);
            } catch (RuntimeException e) {
                log.warn("keeping the old route of {}: refresh failed: {}", topic, e.getMessage());
            }
        }
    }

    Set<String> topics() {
        return Set.copyOf(routes.keySet());
    }

    String masterAddress(String brokerName) {
        BrokerData b = brokers.get(brokerName);
        return b == null ? null : b.brokerAddrs().get(BrokerData.MASTER_ID);
    }

    String anyAddress(String brokerName) {
        BrokerData b = brokers.get(brokerName);
        return b == null ? null : b.selectBrokerAddr();
    }

    /** The brokers of all cached routes, by name. */
    Map<String, BrokerData> brokers() {
        return brokers;
    }

    private synchronized void rebuildBrokers() {
        Map<String, BrokerData> all = new HashMap<>();
        for (TopicRoute r : routes.values()) {
            for (BrokerData b : r.data().brokerDatas()) {
                all.put(b.brokerName(), b);
            }
        }
        brokers = Map.copyOf(all);
    }

    /** Every address (masters and slaves) of every broker of a cached route. */
    Set<String> brokerAddresses(boolean mastersOnly) {
        Set<String> all = new HashSet<>();
        for (BrokerData b : brokers.values()) {
            if (mastersOnly) {
                String master = b.brokerAddrs().get(BrokerData.MASTER_ID);
                if (master != null) {
                    all.add(master);
                }
            } else {
                all.addAll(b.brokerAddrs().values());
            }
        }
        return all;
    }

    private static void notify(RouteListener listener, TopicRoute route) {
        try {
            listener.routeChanged(route);
        } catch (RuntimeException e) {
            log.warn("route listener {} failed on {}: {}", listener, route.topic(), e.toString());
        }
    }
}
