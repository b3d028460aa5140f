package io.kitemq.client.cli;

import io.kitemq.client.admin.AdminClient;
import io.kitemq.client.admin.GroupAdmin;
import io.kitemq.protocol.message.MessageQueue;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kitemq offset reset}: move a group's offsets on a topic. Not thread-safe: picocli makes one instance per command line and runs it on the calling thread. */
@Command(name = "offset", description = "Consumer offsets.", subcommands = OffsetCommand.Reset.class)
final class OffsetCommand {

    /** Exactly one target position. */
    static final class Position {
        @Option(
                names = "--timestamp",
                paramLabel = "<time>",
                description = "Epoch ms, 2026-11-25T10:00:00Z or a local 2026-11-25T10:00:00")
        String timestamp;

        @Option(names = "--ago", paramLabel = "<duration>", description = "This long before now, e.g. 30m, 2h, 1d")
        String ago;

        @Option(names = "--earliest", description = "The first offset of each queue")
        boolean earliest;

        @Option(names = "--latest", description = "The end of each queue (skip everything unconsumed)")
        boolean latest;

        long epochMs() {
            if (earliest) {
                return GroupAdmin.EARLIEST;
            }
            if (latest) {
                return GroupAdmin.LATEST;
            }
            if (ago != null) {
                return System.currentTimeMillis() - Durations.parse(ago).toMillis();
            }
            return Durations.instant(timestamp, ZoneId.systemDefault());
        }
    }

    @Command(
            name = "reset",
            description = "Reset a group's offsets on a topic to a time, the earliest or the latest offset. "
                    + "Online consumers continue from the new position.")
    static final class Reset extends AdminCommand {
        @Parameters(index = "0", paramLabel = "<group>")
        String group;

        @Option(
                names = {"-t", "--topic"},
                required = true)
        String topic;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Position position;

        @Override
        void run(AdminClient admin, Output out) {
            Map<MessageQueue, Long> offsets = admin.groups().resetOffsets(group, topic, position.epochMs());
            List<Map<String, Object>> json = new ArrayList<>();
            List<List<?>> rows = new ArrayList<>();
            offsets.forEach((q, offset) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("topic", q.topic());
                m.put("brokerName", q.brokerName());
                m.put("queueId", q.queueId());
                m.put("offset", offset);
                json.add(m);
                rows.add(List.of(q.topic(), q.brokerName(), q.queueId(), offset));
            });
            if (out.printJson(json)) {
                return;
            }
            out.table(Output.headers("TOPIC", "BROKER", "QUEUE", "NEW_OFFSET"), rows);
        }
    }
}
