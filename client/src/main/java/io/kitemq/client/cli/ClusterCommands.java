package io.kitemq.client.cli;

import io.kitemq.client.admin.AdminClient;
import io.kitemq.client.admin.BrokerInfo;
import io.kitemq.protocol.body.ClusterInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kitemq clusters} and {@code kitemq brokers}. Not thread-safe: picocli makes one instance per command line and runs it on the calling thread. */
final class ClusterCommands {

    private ClusterCommands() {}

    @Command(name = "clusters", description = "List clusters and their broker groups.")
    static final class Clusters extends AdminCommand {
        @Override
        void run(AdminClient admin, Output out) {
            ClusterInfo info = admin.clusterInfo();
            Map<String, List<String>> clusters = new TreeMap<>();
            info.clusterAddrTable().forEach((c, names) -> clusters.put(c, List.copyOf(new TreeSet<>(names))));
            if (out.printJson(clusters)) {
                return;
            }
            List<List<?>> rows = new ArrayList<>();
            clusters.forEach((c, names) -> rows.add(List.of(c, names.size(), String.join(",", names))));
            out.table(Output.headers("CLUSTER", "BROKER_GROUPS", "NAMES"), rows);
        }
    }

    @Command(name = "brokers", description = "List broker processes (masters and slaves).")
    static final class Brokers extends AdminCommand {
        @Option(
                names = {"-c", "--cluster"},
                description = "Only this cluster")
        String cluster;

        @Override
        void run(AdminClient admin, Output out) {
            List<BrokerInfo> brokers = admin.brokers().stream()
                    .filter(b -> cluster == null || b.cluster().equals(cluster))
                    .toList();
            if (out.printJson(brokers)) {
                return;
            }
            List<List<?>> rows = new ArrayList<>();
            for (BrokerInfo b : brokers) {
                rows.add(List.of(
                        b.cluster(), b.brokerName(), b.brokerId(), b.isMaster() ? "MASTER" : "SLAVE", b.address()));
            }
            out.table(Output.headers("CLUSTER", "BROKER", "ID", "ROLE", "ADDRESS"), rows);
        }
    }
}
