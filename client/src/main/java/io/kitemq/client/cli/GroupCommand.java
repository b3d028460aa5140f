package io.kitemq.client.cli;

import io.kitemq.client.admin.AdminClient;
import io.kitemq.client.admin.GroupSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kitemq group list|create|update|delete}: subscription groups on the masters. */
@Command(
        name = "group",
        description = "Consumer groups: list, create, update, delete.",
        subcommands = {
            GroupCommand.ListGroups.class,
            GroupCommand.Create.class,
            GroupCommand.Update.class,
            GroupCommand.Delete.class
        })
/** Not thread-safe: picocli makes one instance per command line and runs it on the calling thread. */
final class GroupCommand {

    @Command(name = "list", description = "List the groups configured on the masters.")
    static final class ListGroups extends AdminCommand {
        @Option(
                names = {"-c", "--cluster"},
                description = "Only the masters of this cluster")
        String cluster;

        @Override
        void run(AdminClient admin, Output out) {
            SortedMap<String, GroupSpec> groups = admin.groups().list(cluster);
            if (out.printJson(List.copyOf(groups.values()))) {
                return;
            }
            List<List<?>> rows = new ArrayList<>();
            for (GroupSpec g : groups.values()) {
                rows.add(List.of(
                        g.group(),
                        g.consumeEnable(),
                        g.consumeBroadcastEnable(),
                        g.consumeOrderly(),
                        g.retryQueueNums(),
                        g.retryMaxTimes()));
            }
            out.table(Output.headers("GROUP", "CONSUME", "BROADCAST", "ORDERLY", "RETRY_QUEUES", "RETRY_MAX"), rows);
        }
    }

    abstract static class Upsert extends AdminCommand {
        @Parameters(index = "0", paramLabel = "<group>")
        String group;

        @Option(
                names = "--retry-max",
                description = "Retries before a message goes to %%DLQ%%<group> (default ${DEFAULT-VALUE})")
        int retryMax = GroupSpec.DEFAULT_RETRY_MAX_TIMES;

        @Option(names = "--retry-queues", description = "Queues of %%RETRY%%<group> (default ${DEFAULT-VALUE})")
        int retryQueues = 1;

        @Option(names = "--orderly", description = "The group consumes orderly")
        boolean orderly;

        @Option(names = "--no-broadcast", description = "Broadcasting consumers may not use the group")
        boolean noBroadcast;

        @Option(names = "--disable", description = "The group may not consume")
        boolean disable;

        @Option(
                names = {"-c", "--cluster"},
                description = "Every master of this cluster (default: all)")
        String cluster;

        @Override
        void run(AdminClient admin, Output out) {
            GroupSpec spec = new GroupSpec(group, !disable, !noBroadcast, orderly, retryQueues, retryMax);
            List<String> brokers = admin.groups().createOrUpdate(spec, cluster);
            if (out.printJson(Map.of("group", spec, "brokers", brokers))) {
                return;
            }
            out.line(verb() + " group " + group + " (retry max " + retryMax + ") on " + String.join(", ", brokers));
        }

        abstract String verb();
    }

    @Command(name = "create", description = "Create a group on the masters.")
    static final class Create extends Upsert {
        @Override
        String verb() {
            return "created";
        }
    }

    @Command(name = "update", description = "Update a group's settings (same as create).")
    static final class Update extends Upsert {
        @Override
        String verb() {
            return "updated";
        }
    }

    @Command(name = "delete", description = "Delete a group (and its offsets) from the masters.")
    static final class Delete extends AdminCommand {
        @Parameters(index = "0", paramLabel = "<group>")
        String group;

        @Option(names = "--keep-offsets", description = "Keep the group's committed offsets")
        boolean keepOffsets;

        @Option(
                names = {"-c", "--cluster"},
                description = "Every master of this cluster (default: all)")
        String cluster;

        @Override
        void run(AdminClient admin, Output out) {
            List<String> brokers = admin.groups().delete(group, cluster, !keepOffsets);
            if (out.printJson(Map.of("group", group, "brokers", brokers))) {
                return;
            }
            out.line("deleted group " + group + " from " + String.join(", ", brokers));
        }
    }
}
