package io.kitemq.client.cli;

import io.kitemq.client.admin.AdminClient;
import io.kitemq.client.admin.PulledMessages;
import io.kitemq.protocol.message.MessageExt;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kitemq message id|key|offset}: look messages up. */
@Command(
        name = "message",
        description = "Find messages by id, key, or queue and offset.",
        subcommands = {MessageCommand.ById.class, MessageCommand.ByKey.class, MessageCommand.ByOffset.class})
/** Not thread-safe: picocli makes one instance per command line and runs it on the calling thread. */
final class MessageCommand {

    static void print(Output out, List<MessageExt> found) {
        List<MessageView> views = found.stream().map(MessageView::of).toList();
        if (out.printJson(views)) {
            return;
        }
        if (views.size() == 1) {
            detail(out, views.get(0));
            return;
        }
        List<List<?>> rows = new ArrayList<>();
        for (MessageView v : views) {
            rows.add(List.of(
                    v.msgId(),
                    v.brokerName(),
                    v.queueId(),
                    v.queueOffset(),
                    String.valueOf(v.tags()),
                    String.valueOf(v.keys()),
                    Output.time(v.storeTimestamp()),
                    v.bodyPreview()));
        }
        out.table(Output.headers("MSG_ID", "BROKER", "QUEUE", "OFFSET", "TAGS", "KEYS", "STORED", "BODY"), rows);
    }

    private static void detail(Output out, MessageView v) {
        List<List<?>> rows = new ArrayList<>();
        rows.add(List.of("msgId", v.msgId()));
        rows.add(List.of("offsetMsgId", v.offsetMsgId()));
        rows.add(List.of("topic", v.topic()));
        rows.add(List.of("queue", v.brokerName() + ":" + v.queueId() + " @ " + v.queueOffset()));
        rows.add(List.of("tags", String.valueOf(v.tags())));
        rows.add(List.of("keys", String.valueOf(v.keys())));
        rows.add(List.of("born", Output.time(v.bornTimestamp())));
        rows.add(List.of("stored", Output.time(v.storeTimestamp())));
        rows.add(List.of("reconsumeTimes", v.reconsumeTimes()));
        new java.util.TreeMap<>(v.properties()).forEach((k, val) -> rows.add(List.of("property " + k, val)));
        rows.add(List.of("body", v.body()));
        out.table(Output.headers("FIELD", "VALUE"), rows);
    }

    @Command(name = "id", description = "By msgId (client id, UNIQ_KEY) or offsetMsgId.")
    static final class ById extends AdminCommand {
        @Parameters(index = "0", paramLabel = "<topic>")
        String topic;

        @Parameters(index = "1", paramLabel = "<id>")
        String id;

        @Override
        void run(AdminClient admin, Output out) {
            List<MessageExt> found = admin.messages().byId(topic, id);
            if (found.isEmpty()) {
                throw new IllegalArgumentException("no message with id " + id + " in topic " + topic);
            }
            print(out, found);
        }
    }

    @Command(name = "key", description = "By key (KEYS property), newest index entries first.")
    static final class ByKey extends AdminCommand {
        @Parameters(index = "0", paramLabel = "<topic>")
        String topic;

        @Parameters(index = "1", paramLabel = "<key>")
        String key;

        @Option(names = "--max", description = "At most this many (default ${DEFAULT-VALUE})")
        int max = 32;

        @Option(names = "--begin", paramLabel = "<time>", description = "Stored at or after (epoch ms or ISO)")
        String begin;

        @Option(names = "--end", paramLabel = "<time>", description = "Stored at or before (epoch ms or ISO)")
        String end;

        @Override
        void run(AdminClient admin, Output out) {
            long from = begin == null ? 0 : Durations.instant(begin, ZoneId.systemDefault());
            long to = end == null ? Long.MAX_VALUE : Durations.instant(end, ZoneId.systemDefault());
            print(out, admin.messages().byKey(topic, key, max, from, to));
        }
    }

    @Command(name = "offset", description = "Read a queue from an offset.")
    static final class ByOffset extends AdminCommand {
        @Parameters(index = "0", paramLabel = "<topic>")
        String topic;

        @Option(
                names = {"-b", "--broker"},
                description = "Broker name (needed when the topic is on several)")
        String broker;

        @Option(
                names = {"-q", "--queue"},
                required = true,
                description = "Queue id")
        int queue;

        @Option(
                names = {"-o", "--offset"},
                required = true,
                description = "Queue offset")
        long offset;

        @Option(names = "--max", description = "At most this many (default ${DEFAULT-VALUE})")
        int max = 1;

        @Override
        void run(AdminClient admin, Output out) {
            PulledMessages read = admin.messages().pull(topic, broker, queue, offset, max);
            if (read.status() != PulledMessages.Status.FOUND) {
                if (out.json()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("status", read.status());
                    m.put("minOffset", read.minOffset());
                    m.put("maxOffset", read.maxOffset());
                    m.put("messages", List.of());
                    out.printJson(m);
                    return;
                }
                throw new IllegalArgumentException("no message at " + topic + ":" + queue + " offset " + offset + " ("
                        + read.status() + "; the queue holds offsets " + read.minOffset() + " to "
                        + (read.maxOffset() - 1) + ")");
            }
            print(out, read.messages());
        }
    }
}
