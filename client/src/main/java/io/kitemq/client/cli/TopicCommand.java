package io.kitemq.client.cli;

import io.kitemq.client.admin.AdminClient;
import io.kitemq.client.admin.QueueStatus;
import io.kitemq.client.admin.TopicSpec;
import io.kitemq.protocol.body.BrokerData;
import io.kitemq.protocol.body.QueueData;
import io.kitemq.protocol.body.TopicRouteData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kitemq topic list|create|update|delete|route|status}. */
@Command(
        name = "topic",
        description = "Topics: list, create, update, delete, route, status.",
        subcommands = {
            TopicCommand.ListTopics.class,
            TopicCommand.Create.class,
            TopicCommand.Update.class,
            TopicCommand.Delete.class,
            TopicCommand.Route.class,
            TopicCommand.Status.class
        })
/** Not thread-safe: picocli makes one instance per command line and runs it on the calling thread. */
final class TopicCommand {

    @Command(name = "list", description = "List every topic the NameServer knows.")
    static final class ListTopics extends AdminCommand {
        @Option(names = "--no-system", description = "Hide system, retry and dead-letter topics")
        boolean noSystem;

        @Override
        void run(AdminClient admin, Output out) {
            List<String> topics = admin.topics().list().stream()
                    .filter(t -> !noSystem || !isSystem(t))
                    .toList();
            if (out.printJson(topics)) {
                return;
            }
            topics.forEach(out::line);
        }

        private static boolean isSystem(String t) {
            return t.startsWith("%")
                    || t.startsWith("rmq_sys_")
                    || t.equals("TBW102")
                    || t.equals("SCHEDULE_TOPIC_XXXX")
                    || t.startsWith("RMQ_SYS_")
                    || t.equals("TRANS_CHECK_MAX_TIME_TOPIC")
                    || t.equals("SELF_TEST_TOPIC")
                    || t.equals("OFFSET_MOVED_EVENT")
                    || t.equals("BenchmarkTest")
                    || t.startsWith("rocketmq-broker-");
        }
    }

    /** Where to create: every master of a cluster (default: all clusters), or one broker. */
    static final class Target {
        @Option(
                names = {"-c", "--cluster"},
                description = "Every master of this cluster")
        String cluster;

        @Option(
                names = {"-b", "--broker"},
                paramLabel = "<host:port>",
                description = "Only this broker")
        String broker;
    }

    abstract static class Upsert extends AdminCommand {
        @Parameters(index = "0", paramLabel = "<topic>")
        String topic;

        @Option(
                names = {"-q", "--queues"},
                description = "Read and write queues (default ${DEFAULT-VALUE})")
        int queues = TopicSpec.DEFAULT_QUEUES;

        @Option(
                names = {"-r", "--read-queues"},
                description = "Read queues (default: --queues)")
        Integer readQueues;

        @Option(
                names = {"-w", "--write-queues"},
                description = "Write queues (default: --queues)")
        Integer writeQueues;

        @Option(names = "--perm", description = "2 write, 4 read, 6 read-write (default ${DEFAULT-VALUE})")
        int perm = TopicSpec.PERM_READ_WRITE;

        @Option(names = "--order", description = "Ordered topic")
        boolean order;

        @ArgGroup(exclusive = true)
        Target target = new Target();

        @Override
        void run(AdminClient admin, Output out) {
            TopicSpec spec = new TopicSpec(
                    topic,
                    readQueues == null ? queues : readQueues,
                    writeQueues == null ? queues : writeQueues,
                    perm,
                    order);
            List<String> brokers;
            if (target != null && target.broker != null) {
                admin.topics().createOrUpdateOnBroker(spec, target.broker);
                brokers = List.of(target.broker);
            } else {
                brokers = admin.topics().createOrUpdate(spec, target == null ? null : target.cluster);
            }
            if (out.printJson(Map.of("topic", spec, "brokers", brokers))) {
                return;
            }
            out.line(verb() + " topic " + topic + " (read " + spec.readQueues() + ", write " + spec.writeQueues()
                    + ", perm " + perm + ") on " + String.join(", ", brokers));
        }

        abstract String verb();
    }

    @Command(name = "create", description = "Create a topic on every master of a cluster or on one broker.")
    static final class Create extends Upsert {
        @Override
        String verb() {
            return "created";
        }
    }

    @Command(name = "update", description = "Update a topic's queues or permission (same as create).")
    static final class Update extends Upsert {
        @Override
        String verb() {
            return "updated";
        }
    }

    @Command(name = "delete", description = "Delete a topic from the brokers and the NameServers.")
    static final class Delete extends AdminCommand {
        @Parameters(index = "0", paramLabel = "<topic>")
        String topic;

        @Option(
                names = {"-c", "--cluster"},
                description = "Delete on every master of this cluster (default: the brokers of its route)")
        String cluster;

        @Override
        void run(AdminClient admin, Output out) {
            List<String> brokers = admin.topics().delete(topic, cluster);
            if (out.printJson(Map.of("topic", topic, "brokers", brokers))) {
                return;
            }
            out.line("deleted topic " + topic + " from " + String.join(", ", brokers) + " and the NameServers");
        }
    }

    @Command(name = "route", description = "Show a topic's route: brokers, queues, permissions.")
    static final class Route extends AdminCommand {
        @Parameters(index = "0", paramLabel = "<topic>")
        String topic;

        @Override
        void run(AdminClient admin, Output out) {
            TopicRouteData route = admin.topics().route(topic);
            if (out.printJson(route)) {
                return;
            }
            List<List<?>> rows = new ArrayList<>();
            for (QueueData q : route.queueDatas()) {
                String master = route.brokerDatas().stream()
                        .filter(b -> b.brokerName().equals(q.brokerName()))
                        .map(b -> b.brokerAddrs().get(BrokerData.MASTER_ID))
                        .findFirst()
                        .orElse(null);
                rows.add(List.of(
                        q.brokerName(), q.readQueueNums(), q.writeQueueNums(), q.perm(), String.valueOf(master)));
            }
            out.table(Output.headers("BROKER", "READ_QUEUES", "WRITE_QUEUES", "PERM", "MASTER"), rows);
        }
    }

    @Command(name = "status", description = "Min and max offset of every queue of a topic.")
    static final class Status extends AdminCommand {
        @Parameters(index = "0", paramLabel = "<topic>")
        String topic;

        @Override
        void run(AdminClient admin, Output out) {
            List<QueueStatus> status = admin.topics().status(topic);
            if (out.printJson(status)) {
                return;
            }
            List<List<?>> rows = new ArrayList<>();
            for (QueueStatus s : status) {
                rows.add(List.of(
                        s.brokerName(),
                        s.queueId(),
                        s.minOffset(),
                        s.maxOffset(),
                        s.messages(),
                        Output.time(s.lastUpdateTimestamp())));
            }
            out.table(Output.headers("BROKER", "QUEUE", "MIN_OFFSET", "MAX_OFFSET", "MESSAGES", "LAST_UPDATED"), rows);
        }
    }
}
