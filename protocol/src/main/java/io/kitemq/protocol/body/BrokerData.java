package io.kitemq.protocol.body;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One broker group (a master and its slaves sharing a broker name) in a route or cluster table:
 * {@code brokerAddrs} maps broker id ({@link #MASTER_ID} for the master) to {@code ip:port}, sorted by id.
 * fastjson peers write those ids as bare numbers ({@code {0:"127.0.0.1:10911"}}); {@link BodyCodec}
 * reads both forms and writes quoted ones.
 *
 * <p>Immutable and thread-safe.
 */
public record BrokerData(
        String cluster, String brokerName, Map<Long, String> brokerAddrs, String zoneName, boolean enableActingMaster) {

    /** The broker id of a master. */
    public static final long MASTER_ID = 0L;

    public BrokerData {
        brokerAddrs = sorted(brokerAddrs);
    }

    public BrokerData(String cluster, String brokerName, Map<Long, String> brokerAddrs) {
        this(cluster, brokerName, brokerAddrs, null, false);
    }

    /**
     * The address to send to: the master's, else the slave with the lowest id (RocketMQ picks a random
     * slave; a fixed choice keeps routing reproducible), or {@code null} if the group has no address.
     */
    public String selectBrokerAddr() {
        String master = brokerAddrs.get(MASTER_ID);
        if (master != null || brokerAddrs.isEmpty()) {
            return master;
        }
        return brokerAddrs.values().iterator().next();
    }

    private static SortedMap<Long, String> sorted(Map<Long, String> addrs) {
        TreeMap<Long, String> copy = new TreeMap<>();
        if (addrs != null) {
            addrs.forEach((id, addr) -> {
                if (id != null && addr != null) {
                    copy.put(id, addr);
                }
            });
        }
        return Collections.unmodifiableSortedMap(copy);
    }
}
