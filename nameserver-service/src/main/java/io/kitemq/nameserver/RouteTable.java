package io.kitemq.nameserver;

import io.kitemq.protocol.body.BrokerData;
import io.kitemq.protocol.body.ClusterInfo;
import io.kitemq.protocol.body.DataVersion;
import io.kitemq.protocol.body.QueueData;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.body.TopicRouteData;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NameServer's routing state, in memory: which brokers (by name, with master and slave addresses by
 * brokerId) form which clusters, which brokers serve which topics with how many queues and what
 * permissions, and when each broker instance was last heard from. A broker silent for its timeout
 * (default 120 s) or whose connection closed is dropped, and with it its queues from every route.
 *
 * <p>Thread-safe: a read-write lock; route lookups share the read lock, registrations take the write lock.
 * The clock is injected so expiry is testable.
 */
public final class RouteTable {

    private static final Logger log = LoggerFactory.getLogger(RouteTable.class);

    /** A broker group: one name, master (id 0) and slaves by id, in one cluster. */
    private record BrokerGroup(String cluster, String brokerName, TreeMap<Long, String> addrs) {}

    /** The answer to a registration: where a slave finds its master. */
    public record RegisterResult(String masterAddr, String haServerAddr) {}

    private final InstantSource clock;
    private final long defaultTimeoutMillis;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Map<String, QueueData>> topicQueues = new HashMap<>();
    private final Map<String, BrokerGroup> brokers = new HashMap<>();
    private final Map<String, Set<String>> clusters = new HashMap<>();
    private final Map<String, BrokerLiveInfo> live = new HashMap<>();
    private final Map<String, List<String>> filterServers = new HashMap<>();

    public RouteTable(InstantSource clock, long defaultTimeoutMillis) {
        this.clock = clock;
        this.defaultTimeoutMillis = defaultTimeoutMillis;
    }

    /** Registers (or re-registers: a heartbeat) a broker instance. */
    public RegisterResult register(BrokerRegistration r) {
        lock.writeLock().lock();
        try {
            clusters.computeIfAbsent(r.clusterName(), c -> new TreeSet<>()).add(r.brokerName());
            BrokerGroup group =
                    brokers.computeIfAbsent(r.brokerName(), n -> new BrokerGroup(r.clusterName(), n, new TreeMap<>()));
            // the same address under another id: it switched role (slave promoted, master demoted)
            group.addrs().entrySet().removeIf(e -> e.getValue().equals(r.brokerAddr()) && e.getKey() != r.brokerId());
            boolean first = !r.brokerAddr().equals(group.addrs().put(r.brokerId(), r.brokerAddr()));
            BrokerLiveInfo previous = live.get(r.brokerAddr());
            DataVersion version = r.dataVersion() == null ? DataVersion.ZERO : r.dataVersion();
            boolean changed = first || previous == null || !version.equals(previous.dataVersion());
            if (r.brokerId() == BrokerData.MASTER_ID && r.topics() != null && changed) {
                replaceTopicsOf(r.brokerName(), r.topics());
            }
            long timeout = r.heartbeatTimeoutMillis() == null || r.heartbeatTimeoutMillis() <= 0
                    ? defaultTimeoutMillis
                    : r.heartbeatTimeoutMillis();
            live.put(
                    r.brokerAddr(),
                    new BrokerLiveInfo(
                            r.clusterName(),
                            r.brokerName(),
                            r.brokerAddr(),
                            r.brokerId(),
                            r.haServerAddr(),
                            clock.millis(),
                            timeout,
                            version,
                            r.connection()));
            if (r.filterServers() == null || r.filterServers().isEmpty()) {
                filterServers.remove(r.brokerAddr());
            } else {
                filterServers.put(r.brokerAddr(), List.copyOf(r.filterServers()));
            }
            if (previous == null) {
                log.info(
                        "broker {} ({} id {}, cluster {}) registered",
                        r.brokerAddr(),
                        r.brokerName(),
                        r.brokerId(),
                        r.clusterName());
            }
            if (r.brokerId() == BrokerData.MASTER_ID) {
                return new RegisterResult(null, null);
            }
            String master = group.addrs().get(BrokerData.MASTER_ID);
            BrokerLiveInfo masterLive = master == null ? null : live.get(master);
            return new RegisterResult(master, masterLive == null ? null : masterLive.haServerAddr());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A master's full topic list replaces what it served before: dropped topics leave its routes. */
    private void replaceTopicsOf(String brokerName, Map<String, TopicConfig> topics) {
        for (TopicConfig tc : topics.values()) {
            topicQueues
                    .computeIfAbsent(tc.topicName(), t -> new HashMap<>())
                    .put(
                            brokerName,
                            new QueueData(
                                    brokerName, tc.readQueueNums(), tc.writeQueueNums(), tc.perm(), tc.topicSysFlag()));
        }
        topicQueues.entrySet().removeIf(e -> {
            if (!topics.containsKey(e.getKey())) {
                e.getValue().remove(brokerName);
            }
            return e.getValue().isEmpty();
        });
    }

    /**
     * Whether the broker's topic config version differs from what this table holds (QUERY_DATA_VERSION);
     * counts as a heartbeat.
     */
    public boolean dataVersionChanged(String brokerAddr, DataVersion version) {
        lock.writeLock().lock();
        try {
            BrokerLiveInfo info = live.get(brokerAddr);
            if (info == null) {
                return true;
            }
            live.put(brokerAddr, info.touched(clock.millis()));
            return !info.dataVersion().equals(version);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The version this table last accepted from a broker, or null. */
    public DataVersion dataVersionOf(String brokerAddr) {
        lock.readLock().lock();
        try {
            BrokerLiveInfo info = live.get(brokerAddr);
            return info == null ? null : info.dataVersion();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Removes one broker instance (UNREGISTER_BROKER, expiry, closed connection). */
    public void unregister(String brokerAddr, String brokerName, long brokerId, String reason) {
        lock.writeLock().lock();
        try {
            removeLocked(brokerAddr, brokerName, brokerId, reason);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void removeLocked(String brokerAddr, String brokerName, long brokerId, String reason) {
        BrokerLiveInfo info = live.remove(brokerAddr);
        filterServers.remove(brokerAddr);
        BrokerGroup group = brokers.get(brokerName);
        if (group == null) {
            return;
        }
        String addr = group.addrs().get(brokerId);
        if (addr != null && addr.equals(brokerAddr)) {
            group.addrs().remove(brokerId);
        }
        log.info("broker {} ({} id {}) removed: {}", brokerAddr, brokerName, brokerId, reason);
        if (!group.addrs().isEmpty()) {
            return;
        }
        brokers.remove(brokerName);
        Set<String> names = clusters.get(group.cluster());
        if (names != null) {
            names.remove(brokerName);
            if (names.isEmpty()) {
                clusters.remove(group.cluster());
            }
        }
        topicQueues.entrySet().removeIf(e -> {
            e.getValue().remove(brokerName);
            return e.getValue().isEmpty();
        });
        if (info != null) {
            log.info("broker group {} has no instance left; its queues left every route", brokerName);
        }
    }

    /** Drops every broker silent for longer than its timeout; returns their addresses. */
    public List<String> expire() {
        long now = clock.millis();
        List<BrokerLiveInfo> dead = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (BrokerLiveInfo info : live.values()) {
                if (info.expiredAt(now)) {
                    dead.add(info);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        List<String> removed = new ArrayList<>();
        if (dead.isEmpty()) {
            return removed;
        }
        lock.writeLock().lock();
        try {
            for (BrokerLiveInfo info : dead) {
                BrokerLiveInfo current = live.get(info.brokerAddr());
                if (current != null && current.expiredAt(now)) {
                    removeLocked(
                            info.brokerAddr(),
                            info.brokerName(),
                            info.brokerId(),
                            "silent for " + (now - current.lastUpdateMillis()) + " ms (timeout "
                                    + current.timeoutMillis() + " ms)");
                    removed.add(info.brokerAddr());
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        return removed;
    }

    /** Drops the broker instances registered over {@code connection}, which just closed. */
    public List<String> connectionClosed(Object connection) {
        lock.writeLock().lock();
        try {
            List<BrokerLiveInfo> gone = new ArrayList<>();
            for (BrokerLiveInfo info : live.values()) {
                if (info.connection() != null && info.connection() == connection) {
                    gone.add(info);
                }
            }
            List<String> removed = new ArrayList<>();
            for (BrokerLiveInfo info : gone) {
                removeLocked(info.brokerAddr(), info.brokerName(), info.brokerId(), "its connection closed");
                removed.add(info.brokerAddr());
            }
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The route of a topic, or null when no live broker serves it. */
    public TopicRouteData route(String topic, String orderTopicConf) {
        lock.readLock().lock();
        try {
            Map<String, QueueData> queues = topicQueues.get(topic);
            if (queues == null || queues.isEmpty()) {
                return null;
            }
            List<QueueData> queueDatas = new ArrayList<>(queues.values());
            queueDatas.sort((a, b) -> a.brokerName().compareTo(b.brokerName()));
            List<BrokerData> brokerDatas = new ArrayList<>(queueDatas.size());
            Map<String, List<String>> filters = new HashMap<>();
            for (QueueData qd : queueDatas) {
                BrokerGroup g = brokers.get(qd.brokerName());
                if (g != null) {
                    brokerDatas.add(new BrokerData(g.cluster(), g.brokerName(), new TreeMap<>(g.addrs())));
                    for (String addr : g.addrs().values()) {
                        List<String> f = filterServers.get(addr);
                        if (f != null) {
                            filters.put(addr, f);
                        }
                    }
                }
            }
            return new TopicRouteData(orderTopicConf, queueDatas, brokerDatas, filters, null);
        } finally {
            lock.readLock().unlock();
        }
    }

    public ClusterInfo clusterInfo() {
        lock.readLock().lock();
        try {
            Map<String, BrokerData> brokerTable = new TreeMap<>();
            for (BrokerGroup g : brokers.values()) {
                brokerTable.put(g.brokerName(), new BrokerData(g.cluster(), g.brokerName(), new TreeMap<>(g.addrs())));
            }
            Map<String, Set<String>> clusterTable = new TreeMap<>();
            clusters.forEach((c, names) -> clusterTable.put(c, new TreeSet<>(names)));
            return new ClusterInfo(brokerTable, clusterTable);
        } finally {
            lock.readLock().unlock();
        }
    }

    public Set<String> topics() {
        lock.readLock().lock();
        try {
            return new TreeSet<>(topicQueues.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Topics served by at least one broker of {@code cluster}. */
    public Set<String> topicsOfCluster(String cluster) {
        lock.readLock().lock();
        try {
            Set<String> names = clusters.getOrDefault(cluster, Set.of());
            Set<String> result = new TreeSet<>();
            topicQueues.forEach((topic, byBroker) -> {
                if (!Collections.disjoint(byBroker.keySet(), names)) {
                    result.add(topic);
                }
            });
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Removes a topic from every route (or only from the brokers of {@code cluster}); whether it existed. */
    public boolean deleteTopic(String topic, String cluster) {
        lock.writeLock().lock();
        try {
            Map<String, QueueData> byBroker = topicQueues.get(topic);
            if (byBroker == null) {
                return false;
            }
            if (cluster == null || cluster.isEmpty()) {
                topicQueues.remove(topic);
            } else {
                byBroker.keySet().removeAll(clusters.getOrDefault(cluster, Set.of()));
                if (byBroker.isEmpty()) {
                    topicQueues.remove(topic);
                }
            }
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Clears the write permission of every queue of a broker group; returns how many topics changed. */
    public int wipeWritePerm(String brokerName) {
        return changePerm(brokerName, perm -> perm & ~TopicConfig.PERM_WRITE);
    }

    /** Restores read and write permission on every queue of a broker group; returns how many topics changed. */
    public int addWritePerm(String brokerName) {
        return changePerm(brokerName, perm -> TopicConfig.PERM_READ | TopicConfig.PERM_WRITE);
    }

    private int changePerm(String brokerName, java.util.function.IntUnaryOperator change) {
        lock.writeLock().lock();
        try {
            int n = 0;
            for (Map<String, QueueData> byBroker : topicQueues.values()) {
                QueueData qd = byBroker.get(brokerName);
                if (qd != null) {
                    byBroker.put(
                            brokerName,
                            new QueueData(
                                    brokerName,
                                    qd.readQueueNums(),
                                    qd.writeQueueNums(),
                                    change.applyAsInt(qd.perm()),
                                    qd.topicSysFlag()));
                    n++;
                }
            }
            return n;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Every live broker instance, ordered by name and id. */
    public List<BrokerLiveInfo> liveBrokers() {
        lock.readLock().lock();
        try {
            List<BrokerLiveInfo> list = new ArrayList<>(live.values());
            list.sort((a, b) -> a.brokerName().equals(b.brokerName())
                    ? Long.compare(a.brokerId(), b.brokerId())
                    : a.brokerName().compareTo(b.brokerName()));
            return list;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Cluster names and broker names, which RocketMQ's tools treat as system topics. */
    public Set<String> systemTopics() {
        lock.readLock().lock();
        try {
            Set<String> names = new LinkedHashSet<>(clusters.keySet());
            names.addAll(brokers.keySet());
            return names;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int topicCount() {
        lock.readLock().lock();
        try {
            return topicQueues.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    public int liveBrokerCount() {
        lock.readLock().lock();
        try {
            return live.size();
        } finally {
            lock.readLock().unlock();
        }
    }
}
