package io.kitemq.client.cli;

import io.kitemq.client.admin.AdminClient;
import io.kitemq.client.admin.ConsumerProgress;
import io.kitemq.client.admin.QueueProgress;
import io.kitemq.protocol.body.Connection;
import io.kitemq.protocol.body.ConsumerConnection;
import io.kitemq.protocol.body.SubscriptionData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kitemq consumer connections|progress}. */
@Command(
        name = "consumer",
        description = "Consumer groups at work: online connections, progress and lag.",
        subcommands = {ConsumerCommand.Connections.class, ConsumerCommand.Progress.class})
/** Not thread-safe: picocli makes one instance per command line and runs it on the calling thread. */
final class ConsumerCommand {

    @Command(name = "connections", description = "Online clients of a group and their subscriptions.")
    static final class Connections extends AdminCommand {
        @Parameters(index = "0", paramLabel = "<group>")
        String group;

        @Override
        void run(AdminClient admin, Output out) {
            ConsumerConnection c = admin.groups().connections(group);
            if (out.printJson(c)) {
                return;
            }
            List<List<?>> rows = new ArrayList<>();
            for (Connection conn : c.connectionSet()) {
                rows.add(List.of(conn.clientId(), conn.clientAddr(), conn.language(), conn.version()));
            }
            out.table(Output.headers("CLIENT_ID", "ADDRESS", "LANGUAGE", "VERSION"), rows);
            out.line("");
            List<List<?>> subs = new ArrayList<>();
            for (SubscriptionData s : c.subscriptionTable().values()) {
                subs.add(List.of(s.topic(), s.expressionType(), s.subString()));
            }
            out.table(Output.headers("TOPIC", "TYPE", "EXPRESSION"), subs);
            out.line("");
            out.line("consumeType=" + c.consumeType() + " messageModel=" + c.messageModel() + " consumeFromWhere="
                    + c.consumeFromWhere());
        }
    }

    @Command(name = "progress", description = "Broker offset, consumer offset and lag per queue, with totals.")
    static final class Progress extends AdminCommand {
        @Parameters(index = "0", paramLabel = "<group>")
        String group;

        @Option(
                names = {"-t", "--topic"},
                description = "Only this topic")
        String topic;

        @Override
        void run(AdminClient admin, Output out) {
            ConsumerProgress p = admin.groups().progress(group, topic);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("group", p.group());
            json.put("queues", p.queues().stream().map(Progress::row).toList());
            json.put("totalBrokerOffset", p.totalBrokerOffset());
            json.put("totalConsumerOffset", p.totalConsumerOffset());
            json.put("totalLag", p.totalLag());
            json.put("consumeTps", p.consumeTps());
            if (out.printJson(json)) {
                return;
            }
            List<List<?>> rows = new ArrayList<>();
            for (QueueProgress q : p.queues()) {
                rows.add(List.of(
                        q.topic(),
                        q.brokerName(),
                        q.queueId(),
                        q.brokerOffset(),
                        q.consumerOffset(),
                        q.lag(),
                        Output.time(q.lastTimestamp())));
            }
            out.table(
                    Output.headers(
                            "TOPIC", "BROKER", "QUEUE", "BROKER_OFFSET", "CONSUMER_OFFSET", "LAG", "LAST_CONSUMED"),
                    rows);
            out.line("");
            out.line("total lag " + p.totalLag() + ", broker offset " + p.totalBrokerOffset() + ", consumer offset "
                    + p.totalConsumerOffset() + ", consume tps " + String.format("%.1f", p.consumeTps()));
        }

        private static Map<String, Object> row(QueueProgress q) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("topic", q.topic());
            m.put("brokerName", q.brokerName());
            m.put("queueId", q.queueId());
            m.put("brokerOffset", q.brokerOffset());
            m.put("consumerOffset", q.consumerOffset());
            m.put("lag", q.lag());
            m.put("lastTimestamp", q.lastTimestamp());
            return m;
        }
    }
}
