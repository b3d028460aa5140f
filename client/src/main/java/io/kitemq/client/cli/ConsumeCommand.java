package io.kitemq.client.cli;

import io.kitemq.client.admin.AdminClient;
import io.kitemq.client.admin.PulledMessages;
import io.kitemq.client.admin.QueueStatus;
import io.kitemq.client.consumer.ConcurrentListener;
import io.kitemq.client.consumer.ConsumeResult;
import io.kitemq.client.consumer.PushConsumer;
import io.kitemq.client.consumer.PushConsumerConfig;
import io.kitemq.client.consumer.Subscription;
import io.kitemq.protocol.body.ConsumeFromWhere;
import io.kitemq.protocol.message.MessageExt;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kitemq consume}: print a topic's messages as they arrive, until {@code --count} messages were
 * printed or nothing arrived for {@code --idle}.
 *
 * <p>Without {@code --group} it is a tail, like Kafka's console consumer: plain pulls of every queue, no
 * group membership, nothing committed; it starts at the end of each queue, or at the beginning with
 * {@code --from-beginning}. With {@code --group} it joins that group with the push consumer (sharing the
 * queues with the group's other members, committing offsets on the broker); {@code --from-beginning}
 * then applies only when the group has no offsets yet, and {@code --sql} subscribes with a SQL92
 * expression instead of tags (checked and evaluated by the brokers). Messages the push consumer hands over after
 * {@code --count} was reached are sent back for redelivery to the group, not lost.
 */
@Command(name = "consume", description = "Print a topic's messages: a tail by pulls, or as a member of --group.")
final class ConsumeCommand implements Callable<Integer> {

    private static final int BATCH = 32;
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<topic>")
    String topic;

    @Option(
            names = {"-g", "--group"},
            description = "Consume as a member of this group (commits offsets)")
    String group;

    @Option(
            names = {"-e", "--expression"},
            description = "Tag expression with --group, e.g. 'A || B' (default ${DEFAULT-VALUE})")
    String expression = "*";

    @Option(
            names = "--sql",
            paramLabel = "<expression>",
            description = "SQL92 filter on user properties with --group, evaluated by the broker, e.g."
                    + " \"region = 'eu' AND amount > 100\" (instead of -e)")
    String sql;

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
    public Integer call() {
        KiteMqCli root = (KiteMqCli) spec.root().userObject();
        if (count < 1) {
            throw new IllegalArgumentException("--count must be >= 1");
        }
        if (sql != null && group == null) {
            throw new IllegalArgumentException("--sql needs --group (the broker filters for a consumer group)");
        }
        if (sql != null && !"*".equals(expression)) {
            throw new IllegalArgumentException("use either -e (tags) or --sql, not both");
        }
        Duration idleFor = Durations.parse(idle);
        Output out = root.output();
        if (group != null) {
            consumeInGroup(root, out, idleFor);
        } else {
            try (AdminClient admin = root.admin()) {
                tail(admin, out, idleFor);
            }
        }
        return 0;
    }

    private void tail(AdminClient admin, Output out, Duration idleFor) {
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
                LockSupport.parkNanos(PAUSE_NANOS);
            }
        }
    }

    private void consumeInGroup(KiteMqCli root, Output out, Duration idleFor) {
        AtomicLong printed = new AtomicLong();
        AtomicLong lastArrival = new AtomicLong(System.nanoTime());
        ConcurrentListener listener = (messages, context) -> {
            synchronized (out) {
                if (printed.get() >= count) {
                    return ConsumeResult.RETRY;
                }
                for (MessageExt m : messages) {
                    print(out, m);
                }
                printed.addAndGet(messages.size());
                lastArrival.set(System.nanoTime());
            }
            return ConsumeResult.SUCCESS;
        };
        PushConsumerConfig config = PushConsumerConfig.defaults(group)
                .withConsumeThreads(1)
                .withBatchSizes(BATCH, 1)
                .withConsumeFromWhere(
                        fromBeginning
                                ? ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET
                                : ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET);
        try (PushConsumer consumer =
                PushConsumer.start(root.clientOptions(), config, List.of(subscription()), listener)) {
            while (printed.get() < count && System.nanoTime() - lastArrival.get() < idleFor.toNanos()) {
                LockSupport.parkNanos(PAUSE_NANOS);
            }
        }
    }

    private Subscription subscription() {
        return sql != null ? Subscription.sql(topic, sql) : Subscription.of(topic, expression);
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
