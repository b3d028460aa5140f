package io.kitemq.protocol.body;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The NameServer's view of all brokers, answered to GET_BROKER_CLUSTER_INFO: broker name →
 * {@link BrokerData}, and cluster name → the broker names in it.
 *
 * <p>Immutable and thread-safe.
 */
public record ClusterInfo(Map<String, BrokerData> brokerAddrTable, Map<String, Set<String>> clusterAddrTable) {

    public ClusterInfo {
        brokerAddrTable = BodyCollections.map(brokerAddrTable);
        Map<String, Set<String>> clusters = new LinkedHashMap<>();
        BodyCollections.map(clusterAddrTable)
                .forEach((cluster, names) -> clusters.put(cluster, BodyCollections.set(names)));
        clusterAddrTable = BodyCollections.map(clusters);
    }
}
