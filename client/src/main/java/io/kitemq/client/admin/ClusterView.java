package io.kitemq.client.admin;

import io.kitemq.client.FatalClientException;
import io.kitemq.client.RetriableClientException;
import io.kitemq.protocol.body.BrokerData;
import io.kitemq.protocol.body.ClusterInfo;
import io.kitemq.protocol.body.TopicRouteData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Answers "which brokers" for the admin operations, from the NameServer's cluster table or a topic's
 * route: the master addresses of a cluster (or of all clusters), the master of a broker group. Stateless
 * apart from the {@link AdminRpc} it asks; thread-safe.
 */
final class ClusterView {

    private final AdminRpc rpc;

    ClusterView(AdminRpc rpc) {
        this.rpc = rpc;
    }

    List<BrokerInfo> brokers() {
        ClusterInfo info = rpc.clusterInfo();
        List<BrokerInfo> out = new ArrayList<>();
        info.clusterAddrTable().forEach((cluster, names) -> {
            for (String name : names) {
                BrokerData data = info.brokerAddrTable().get(name);
                if (data != null) {
                    data.brokerAddrs().forEach((id, addr) -> out.add(new BrokerInfo(cluster, name, id, addr)));
                }
            }
        });
        out.sort(Comparator.comparing(BrokerInfo::cluster)
                .thenComparing(BrokerInfo::brokerName)
                .thenComparingLong(BrokerInfo::brokerId));
        return out;
    }

    /** Master addresses of {@code cluster}, or of every cluster when it is null; never empty. */
    List<String> masters(String cluster) {
        List<BrokerInfo> all = brokers();
        if (cluster != null && all.stream().noneMatch(b -> b.cluster().equals(cluster))) {
            throw new FatalClientException(
                    "Cluster " + cluster + " is unknown to the NameServer(s) " + rpc.nameServers() + "; known: "
                            + all.stream().map(BrokerInfo::cluster).distinct().toList());
        }
        List<String> masters = all.stream()
                .filter(b -> b.isMaster() && (cluster == null || b.cluster().equals(cluster)))
                .map(BrokerInfo::address)
                .distinct()
                .toList();
        if (masters.isEmpty()) {
            throw new RetriableClientException(
                    "No master broker is registered" + (cluster == null ? "" : " in cluster " + cluster), null);
        }
        return masters;
    }

    /** The master address of each broker group in {@code route} that has one, in route order. */
    static List<NamedBroker> routeMasters(TopicRouteData route) {
        List<NamedBroker> out = new ArrayList<>();
        for (BrokerData data : route.brokerDatas()) {
            String master = data.brokerAddrs().get(BrokerData.MASTER_ID);
            if (master != null) {
                out.add(new NamedBroker(data.brokerName(), master));
            }
        }
        return out;
    }

    /** Master address of {@code brokerName} in {@code route}. */
    static String masterOf(TopicRouteData route, String brokerName, String topic) {
        return routeMasters(route).stream()
                .filter(b -> b.name().equals(brokerName))
                .map(NamedBroker::address)
                .findFirst()
                .orElseThrow(() -> new FatalClientException("Topic " + topic + " has no master broker named "
                        + brokerName + "; its brokers: "
                        + routeMasters(route).stream().map(NamedBroker::name).toList()));
    }

    static Set<String> names(TopicRouteData route) {
        return Set.copyOf(routeMasters(route).stream().map(NamedBroker::name).toList());
    }

    /** A broker group's name and its master's address. */
    record NamedBroker(String name, String address) {}
}
