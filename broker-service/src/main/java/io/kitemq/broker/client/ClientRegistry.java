package io.kitemq.broker.client;

import io.kitemq.protocol.body.ConsumerData;
import io.kitemq.protocol.body.HeartbeatData;
import io.kitemq.protocol.body.ProducerData;
import io.kitemq.protocol.body.SubscriptionData;
import io.kitemq.protocol.command.LanguageCode;
import io.kitemq.remoting.RemotingPeer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's view of its connected clients: for each consumer group, its online clients (by client
 * id, with connection, language, version and last-heard time), how it consumes and its subscriptions
 * by topic; for each producer group, its online clients. Fed by HEART_BEAT (every client, every 30 s),
 * UNREGISTER_CLIENT, closed connections and the expiry scan, which drops clients silent for longer than
 * {@code channelExpiredTimeout} (120 s by default) and closes their connections.
 *
 * <p>A client is keyed by its id within a group: a heartbeat from the same id over a new connection
 * replaces the old connection, and a connection that closes removes only the registrations still bound
 * to it.
 *
 * <p>When a clustering consumer group gains or loses a client, or its set of subscribed topics changes,
 * the {@link ConsumerGroupListener} is told (after the lock is released) so the members rebalance.
 *
 * <p>Thread-safe. Changes are serialized by one lock and each publishes a new immutable snapshot of the
 * group into a concurrent map, so queries — including {@link #subscription} on the pull path — never
 * lock and always see one consistent group. The clock is injected so expiry is testable.
 */
public final class ClientRegistry {

    /** RocketMQ's {@code channelExpiredTimeout}. */
    public static final Duration DEFAULT_CHANNEL_EXPIRED_TIMEOUT = Duration.ofSeconds(120);

    private static final Logger log = LoggerFactory.getLogger(ClientRegistry.class);

    /** A membership change to report once the lock is released. */
    private record Change(String group, List<RemotingPeer> members) {}

    private final InstantSource clock;
    private final long channelExpiredTimeoutMillis;
    private final ConsumerGroupListener listener;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ConcurrentMap<String, ConsumerGroup> consumers = new ConcurrentHashMap<>();
    /** Producer group → unmodifiable map client id → connection; replaced, never mutated. */
    private final ConcurrentMap<String, Map<String, ClientConnection>> producers = new ConcurrentHashMap<>();

    public ClientRegistry(InstantSource clock, Duration channelExpiredTimeout, ConsumerGroupListener listener) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (channelExpiredTimeout == null || channelExpiredTimeout.isNegative() || channelExpiredTimeout.isZero()) {
            throw new IllegalArgumentException("channelExpiredTimeout must be positive: " + channelExpiredTimeout);
        }
        this.channelExpiredTimeoutMillis = channelExpiredTimeout.toMillis();
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public ClientRegistry(InstantSource clock, ConsumerGroupListener listener) {
        this(clock, DEFAULT_CHANNEL_EXPIRED_TIMEOUT, listener);
    }

    /**
     * Records a heartbeat: the client joins (or refreshes its place in) every group it names. Consumer
     * groups take the heartbeat's consume type, message model and start position and merge its
     * subscriptions ({@link SubscriptionMerge}); a heartbeat marked {@code withoutSub} (RocketMQ 5
     * heartbeat v2) refreshes the client and leaves the subscriptions alone. Groups without a name are
     * ignored.
     *
     * @param peer the connection the heartbeat came over
     * @param data the heartbeat body; its {@code clientID} is required
     * @param language the language announced in the request header
     * @param version the client version announced in the request header
     * @return what the heartbeat changed
     */
    public HeartbeatResult heartbeat(RemotingPeer peer, HeartbeatData data, LanguageCode language, int version) {
        Objects.requireNonNull(peer, "peer");
        String clientId = Objects.requireNonNull(data.clientID(), "heartbeat clientID");
        ClientConnection me = new ClientConnection(clientId, peer, language, version, clock.millis());
        Set<String> joined = new TreeSet<>();
        Set<String> topicsChanged = new TreeSet<>();
        Set<String> updated = new TreeSet<>();
        List<Change> changes = new ArrayList<>();
        writeLock.lock();
        try {
            for (ConsumerData cd : data.consumerDataSet()) {
                if (isBlank(cd.groupName())) {
                    continue;
                }
                SubscriptionMerge merge = joinConsumerGroup(cd, me, data.withoutSub(), joined, changes);
                record(cd.groupName(), merge.topicsChanged(), topicsChanged);
                record(cd.groupName(), merge.versionUpdated(), updated);
            }
            for (ProducerData pd : data.producerDataSet()) {
                if (!isBlank(pd.groupName())) {
                    producers.compute(pd.groupName(), (g, current) -> with(current, me));
                }
            }
        } finally {
            writeLock.unlock();
        }
        fire(changes);
        return new HeartbeatResult(joined, topicsChanged, updated);
    }

    /** Adds or refreshes one client in one consumer group; caller holds the lock. */
    private SubscriptionMerge joinConsumerGroup(
            ConsumerData cd, ClientConnection me, boolean withoutSub, Set<String> joined, List<Change> changes) {
        ConsumerGroup before = consumers.get(cd.groupName());
        Map<String, ClientConnection> clients = before == null ? new HashMap<>() : new HashMap<>(before.clients());
        boolean newMember = clients.put(me.clientId(), me) == null;
        Map<String, SubscriptionData> subs = before == null ? Map.of() : before.subscriptions();
        SubscriptionMerge merge =
                withoutSub ? SubscriptionMerge.unchanged(subs) : SubscriptionMerge.of(subs, cd.subscriptionDataSet());
        ConsumerGroup after = new ConsumerGroup(
                cd.groupName(), cd.consumeType(), cd.messageModel(), cd.consumeFromWhere(), clients, merge.table());
        consumers.put(after.name(), after);
        if (newMember) {
            joined.add(after.name());
            log.info(
                    "consumer {} joined group {} from {}",
                    me.clientId(),
                    after.name(),
                    me.peer().remoteAddress());
        }
        if ((newMember || merge.topicsChanged()) && !after.broadcasting()) {
            changes.add(new Change(after.name(), after.peers()));
        }
        return merge;
    }

    /**
     * A client leaves a producer group and/or a consumer group (either may be null), as on
     * UNREGISTER_CLIENT when an application shuts a producer or consumer down.
     *
     * @return whether the client was registered in either group
     */
    public boolean unregister(String clientId, String producerGroup, String consumerGroup) {
        Objects.requireNonNull(clientId, "clientId");
        List<Change> changes = new ArrayList<>();
        boolean removed = false;
        writeLock.lock();
        try {
            if (producerGroup != null) {
                removed |= removeProducers(producerGroup, c -> c.clientId().equals(clientId)) > 0;
            }
            ConsumerGroup group = consumerGroup == null ? null : consumers.get(consumerGroup);
            if (group != null) {
                removed |= removeConsumers(group, c -> c.clientId().equals(clientId), changes) > 0;
            }
        } finally {
            writeLock.unlock();
        }
        fire(changes);
        if (removed) {
            log.info(
                    "client {} unregistered (producer group {}, consumer group {})",
                    clientId,
                    producerGroup,
                    consumerGroup);
        }
        return removed;
    }

    /**
     * A connection closed (or went idle and is being closed): every registration still bound to it is
     * dropped.
     *
     * @return the ids of the clients that were registered over that connection (for example to release
     *     their queue locks)
     */
    public Set<String> connectionClosed(RemotingPeer peer) {
        Objects.requireNonNull(peer, "peer");
        Predicate<ClientConnection> onPeer = c -> c.peer().equals(peer);
        Set<String> clientIds = new TreeSet<>();
        List<Change> changes = new ArrayList<>();
        writeLock.lock();
        try {
            for (ConsumerGroup group : consumers.values()) {
                group.clients().values().stream().filter(onPeer).forEach(c -> clientIds.add(c.clientId()));
                removeConsumers(group, onPeer, changes);
            }
            for (Map.Entry<String, Map<String, ClientConnection>> e : producers.entrySet()) {
                e.getValue().values().stream().filter(onPeer).forEach(c -> clientIds.add(c.clientId()));
                removeProducers(e.getKey(), onPeer);
            }
        } finally {
            writeLock.unlock();
        }
        fire(changes);
        if (!clientIds.isEmpty()) {
            log.info("connection {} closed: clients {} left their groups", peer.remoteAddress(), clientIds);
        }
        return clientIds;
    }

    /** {@link #expire(long)} at the clock's current time. */
    public List<ClientConnection> expire() {
        return expire(clock.millis());
    }

    /**
     * Drops every registration not refreshed for more than {@code channelExpiredTimeout} before
     * {@code nowMillis}, and closes each of their connections that no fresh registration still uses (a
     * connection that carries no heartbeat for that long is dead, as RocketMQ judges it).
     *
     * @return the dropped registrations, one per group a client was dropped from
     */
    public List<ClientConnection> expire(long nowMillis) {
        Predicate<ClientConnection> stale = c -> c.silentLongerThan(channelExpiredTimeoutMillis, nowMillis);
        List<ClientConnection> expired = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        Set<RemotingPeer> stillUsed = new HashSet<>();
        writeLock.lock();
        try {
            for (ConsumerGroup group : consumers.values()) {
                group.clients().values().stream().filter(stale).forEach(expired::add);
                removeConsumers(group, stale, changes);
            }
            for (Map.Entry<String, Map<String, ClientConnection>> e : producers.entrySet()) {
                e.getValue().values().stream().filter(stale).forEach(expired::add);
                removeProducers(e.getKey(), stale);
            }
            consumers.values().forEach(g -> g.clients().values().forEach(c -> stillUsed.add(c.peer())));
            producers.values().forEach(m -> m.values().forEach(c -> stillUsed.add(c.peer())));
        } finally {
            writeLock.unlock();
        }
        fire(changes);
        closeDead(expired, stillUsed, nowMillis);
        return expired;
    }

    private static void closeDead(List<ClientConnection> expired, Set<RemotingPeer> stillUsed, long nowMillis) {
        Set<RemotingPeer> closed = new HashSet<>();
        for (ClientConnection c : expired) {
            log.warn(
                    "client {} at {} silent for {} ms, dropped",
                    c.clientId(),
                    c.peer().remoteAddress(),
                    nowMillis - c.lastUpdateMillis());
            if (!stillUsed.contains(c.peer()) && closed.add(c.peer())) {
                c.peer().close();
            }
        }
    }

    /** The sorted client ids of a consumer group (GET_CONSUMER_LIST_BY_GROUP); empty when it has none. */
    public List<String> consumerIds(String group) {
        ConsumerGroup g = consumers.get(group);
        return g == null ? List.of() : g.clientIds();
    }

    /** The connections of a consumer group's clients, ordered by client id; empty when it has none. */
    public List<RemotingPeer> consumerPeers(String group) {
        ConsumerGroup g = consumers.get(group);
        return g == null ? List.of() : g.peers();
    }

    /** The group's current subscription to {@code topic}, or null when it has none (or no clients). */
    public SubscriptionData subscription(String group, String topic) {
        ConsumerGroup g = consumers.get(group);
        return g == null ? null : g.subscriptions().get(topic);
    }

    /** A snapshot of an online consumer group, or null when no client of it is connected. */
    public ConsumerGroup consumerGroup(String group) {
        return consumers.get(group);
    }

    /** The consumer groups with at least one online client, sorted. */
    public SortedSet<String> groups() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(consumers.keySet()));
    }

    /** The online consumer groups subscribed to {@code topic}, sorted. */
    public SortedSet<String> groupsSubscribing(String topic) {
        SortedSet<String> groups = new TreeSet<>();
        for (ConsumerGroup g : consumers.values()) {
            if (g.subscriptions().containsKey(topic)) {
                groups.add(g.name());
            }
        }
        return Collections.unmodifiableSortedSet(groups);
    }

    /** The producer groups with at least one online client, sorted. */
    public SortedSet<String> producerGroups() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(producers.keySet()));
    }

    /** A producer group's clients, ordered by client id; empty when it has none. */
    public List<ClientConnection> producers(String group) {
        Map<String, ClientConnection> m = producers.get(group);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    /**
     * The live connections of a producer group's clients, most recently heard first — whom to ask about
     * an undecided transaction.
     */
    public List<RemotingPeer> producerPeers(String group) {
        return producers(group).stream()
                .filter(c -> c.peer().isActive())
                .sorted(Comparator.comparingLong(ClientConnection::lastUpdateMillis)
                        .reversed())
                .map(ClientConnection::peer)
                .toList();
    }

    /** Removes the matching clients of a consumer group; records a change for a clustering group. */
    private int removeConsumers(ConsumerGroup group, Predicate<ClientConnection> gone, List<Change> changes) {
        Map<String, ClientConnection> clients = new HashMap<>(group.clients());
        int before = clients.size();
        clients.values().removeIf(gone);
        int removed = before - clients.size();
        if (removed == 0) {
            return 0;
        }
        ConsumerGroup after = new ConsumerGroup(
                group.name(),
                group.consumeType(),
                group.messageModel(),
                group.consumeFromWhere(),
                clients,
                group.subscriptions());
        if (clients.isEmpty()) {
            consumers.remove(group.name());
            log.info("consumer group {} has no client left", group.name());
        } else {
            consumers.put(group.name(), after);
        }
        if (!after.broadcasting()) {
            changes.add(new Change(group.name(), after.peers()));
        }
        return removed;
    }

    private int removeProducers(String group, Predicate<ClientConnection> gone) {
        int[] removed = {0};
        producers.computeIfPresent(group, (g, current) -> {
            Map<String, ClientConnection> left = new TreeMap<>(current);
            left.values().removeIf(gone);
            removed[0] = current.size() - left.size();
            return left.isEmpty() ? null : Collections.unmodifiableMap(left);
        });
        return removed[0];
    }

    private static Map<String, ClientConnection> with(Map<String, ClientConnection> current, ClientConnection c) {
        Map<String, ClientConnection> next = current == null ? new TreeMap<>() : new TreeMap<>(current);
        next.put(c.clientId(), c);
        return Collections.unmodifiableMap(next);
    }

    private static void record(String group, boolean happened, Set<String> into) {
        if (happened) {
            into.add(group);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private void fire(List<Change> changes) {
        for (Change c : changes) {
            try {
                listener.membersChanged(c.group(), c.members());
            } catch (RuntimeException e) {
                log.warn("consumer group listener failed for group {}", c.group(), e);
            }
        }
    }
}
