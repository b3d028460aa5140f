package io.kitemq.client.cli;

import io.kitemq.client.admin.AdminClient;
import io.kitemq.client.admin.PulledMessages;
import io.kitemq.client.admin.QueueStatus;
import io.kitemq.protocol.message.MessageExt;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kitemq consume}: print a topic's messages as they arrive, reading every queue with plain pulls
 * (no consumer group membership, nothing committed) — a tail, like Kafka's console consumer. Starts at
 * the end of each queue, or at the beginning with {@code --from-beginning}; stops after {@code --count}
 * messages or when nothing arrived for {@code --idle}.
 */
@Command(name = "consume", description = "Print a topic's messages (pull, no group, nothing committed).")
final class ConsumeCommand extends AdminCommand {

    private static final int BATCH = 32;
    private static final long IDLE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    @Parameters(index = "0", paramLabel = "<topic>")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the first stored message of each queue")
    boolean fromBeginning;

    @Option(names = "--count", description = "Stop after this many messages (default: no limit)")
    long count = Long.MAX_VALUE;

    @Option(
            names = "--idle",
            paramLabel = "<duration>",
            description = "Stop when nothing arrived for this long (default ${DEFAULT-VALUE})")
    String idle = "10s";

    @Override
    void run(AdminClient admin, Output out) {
        Duration idleFor = Durations.parse(idle);
        Map<QueueKey, Long> positions = new LinkedHashMap<>();
        for (QueueStatus q : admin.topics().status(topic)) {
            positions.put(new QueueKey(q.brokerName(), q.queueId()), fromBeginning ? q.minOffset() : q.maxOffset());
        }
        long printed = 0;
        long lastArrival = System.nanoTime();
        while (printed < count && System.nanoTime() - lastArrival < idleFor.toNanos()) {
            boolean any = false;
            for (Map.Entry<QueueKey, Long> e : positions.entrySet()) {
                int want = (int) Math.min(BATCH, count - printed);
                if (want <= 0) {
                    break;
                }
                PulledMessages read = admin.messages()
                        .pull(topic, e.getKey().broker(), e.getKey().queueId(), e.getValue(), want);
                if (read.status() == PulledMessages.Status.OFFSET_ILLEGAL) {
                    e.setValue(read.nextBeginOffset());
                    continue;
                }
                for (MessageExt m : read.messages()) {
                    print(out, m);
                    printed++;
                    any = true;
                }
                e.setValue(read.nextBeginOffset());
            }
            if (any) {
                lastArrival = System.nanoTime();
            } else {
                LockSupport.parkNanos(IDLE_PAUSE_NANOS);
            }
        }
    }

    private static void print(Output out, MessageExt m) {
        MessageView v = MessageView.of(m);
        if (out.json()) {
            // one JSON document per line, so that a script can read the stream
            out.line(Output.compactJson(v));
        } else {
            out.line(v.brokerName() + ":" + v.queueId() + "@" + v.queueOffset() + " " + v.msgId() + " tags=" + v.tags()
                    + " keys=" + v.keys() + " " + v.body());
        }
    }

    private record QueueKey(String broker, int queueId) {}
}
