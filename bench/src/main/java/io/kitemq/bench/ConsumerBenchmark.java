package io.kitemq.bench;

import io.kitemq.client.consumer.ConcurrentListener;
import io.kitemq.client.consumer.ConsumeResult;
import io.kitemq.client.consumer.PushConsumer;
import io.kitemq.client.consumer.PushConsumerConfig;
import io.kitemq.client.consumer.Subscription;
import io.kitemq.client.core.ClientOptions;
import io.kitemq.client.producer.Producer;
import io.kitemq.client.producer.ProducerOptions;
import io.kitemq.protocol.body.ConsumeFromWhere;
import io.kitemq.protocol.message.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;

/**
 * Push-consumer drain throughput, our client beside the official Java client 5.5.0, against the SAME broker
 * (ours by default, {@code --broker=rocketmq} for the official one; NameServer + Broker as separate JVMs): a
 * backlog of {@code --messages} messages of {@code --size} bytes is stored first, then each client, in a fresh
 * consumer group starting from the first offset, drains it with {@code --threads} listener threads (the
 * listener only counts). Every second a line with the messages consumed in that second; at the end the time
 * to drain and the rate. Clients take turns ({@code --rounds}, order alternating); every round drains the
 * same backlog with new groups.
 *
 * <pre>
 * java -Xmx1g -cp bench/target/benchmarks.jar io.kitemq.bench.ConsumerBenchmark \
 *     --broker=kitemq --messages=200000 --size=1024 --threads=20 --queues=8 --rounds=1
 * </pre>
 */
public final class ConsumerBenchmark {

    private static final String TOPIC = "BenchConsumerTopic";
    private static final String OURS = "kitemq-client";
    private static final String THEIRS = "rocketmq-client";

    /** One consumer under test, started on construction; close stops it. */
    private interface Drainer extends AutoCloseable {}

    private final String broker;
    private final String flush;
    private final int messages;
    private final int size;
    private final int threads;
    private final int queues;
    private final int rounds;
    private final int timeoutSeconds;

    private ConsumerBenchmark(BenchFlags flags) {
        this.messages = flags.positiveInt("messages", "200000");
        this.size = flags.positiveInt("size", "1024");
        this.threads = flags.positiveInt("threads", "20");
        this.queues = flags.positiveInt("queues", "8");
        this.rounds = flags.positiveInt("rounds", "1");
        this.timeoutSeconds = flags.positiveInt("timeout", "300");
        this.broker = flags.take("broker", "kitemq");
        this.flush = flags.take("flush", "ASYNC");
    }

    public static void main(String[] args) {
        BenchRunDir.main(
                "kitemq-consumerbench-",
                "usage: java -Xmx1g -cp bench/target/benchmarks.jar io.kitemq.bench.ConsumerBenchmark [--messages=200000]"
                        + " [--size=1024] [--threads=20] [--queues=8] [--rounds=1] [--timeout=300]"
                        + " [--broker=kitemq|rocketmq] [--flush=ASYNC|SYNC] [--dir=PATH] [--keep-dir]",
                args,
                flags -> new ConsumerBenchmark(flags)::run);
    }

    private void run(Path runDir) throws Exception {
        try (BrokerCluster cluster = BrokerCluster.start(broker, runDir, flush)) {
            System.out.printf(
                    Locale.ROOT,
                    "ConsumerBenchmark: %s broker (%s flush) at %s, backlog %,d x %d bytes in %d queues,"
                            + " %d listener threads, %d round(s), %d cores%n",
                    cluster.label(),
                    flush,
                    cluster.broker(),
                    messages,
                    size,
                    queues,
                    threads,
                    rounds,
                    Runtime.getRuntime().availableProcessors());
            cluster.createTopic(TOPIC, queues);
            fill(cluster.nameServer());
            Map<String, List<double[]>> results = new LinkedHashMap<>();
            for (int r = 0; r < rounds; r++) {
                List<String> order = r % 2 == 0 ? List.of(OURS, THEIRS) : List.of(THEIRS, OURS);
                for (String client : order) {
                    results.computeIfAbsent(client, c -> new ArrayList<>())
                            .add(drain(client, cluster.nameServer(), "BenchDrain_" + client.charAt(0) + r));
                }
            }
            report(results);
        }
    }

    /** Stores the backlog with our producer, async with at most 1,024 sends in flight. */
    private void fill(String nameServer) throws InterruptedException {
        byte[] body = new byte[size];
        new Random(42).nextBytes(body);
        long began = System.nanoTime();
        Semaphore inFlight = new Semaphore(1024);
        AtomicLong failed = new AtomicLong();
        try (Producer p = Producer.start(ClientOptions.of(nameServer), ProducerOptions.of("BenchBacklogProducer"))) {
            for (int i = 0; i < messages; i++) {
                inFlight.acquire();
                CompletableFuture<?> f = p.sendAsync(new Message(TOPIC, "bench", body));
                f.whenComplete((ok, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    }
                    inFlight.release();
                });
            }
            inFlight.acquire(1024);
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " backlog sends failed");
        }
        System.out.printf(Locale.ROOT, "backlog stored in %.1f s%n", (System.nanoTime() - began) / 1e9);
    }

    /**
     * Drains the backlog with one client; returns {seconds from start until the last message was delivered,
     * messages delivered}. Stopping the consumer afterwards is not timed.
     */
    private double[] drain(String client, String nameServer, String group) throws Exception {
        AtomicLong delivered = new AtomicLong();
        long began = System.nanoTime();
        long deadline = began + Duration.ofSeconds(timeoutSeconds).toNanos();
        long nextLine = began + 1_000_000_000L;
        long last = 0;
        int second = 0;
        long finished = 0;
        try (Drainer ignored = start(client, nameServer, group, delivered)) {
            while (System.nanoTime() < deadline) {
                Thread.sleep(5);
                long now = delivered.get();
                if (now >= messages) {
                    finished = System.nanoTime();
                    System.out.printf(
                            Locale.ROOT, "[%-15s] %6.2fs  total %,10d (done)%n", client, (finished - began) / 1e9, now);
                    break;
                }
                if (System.nanoTime() >= nextLine) {
                    second++;
                    nextLine += 1_000_000_000L;
                    System.out.printf(
                            Locale.ROOT, "[%-15s] %3ds  TPS %,9d  total %,10d%n", client, second, now - last, now);
                    last = now;
                }
            }
        }
        if (finished == 0) {
            System.out.printf(
                    Locale.ROOT, "[%s] timed out with %,d of %,d delivered%n", client, delivered.get(), messages);
            finished = System.nanoTime();
        }
        return new double[] {(finished - began) / 1e9, delivered.get()};
    }

    private Drainer start(String client, String nameServer, String group, AtomicLong delivered) throws Exception {
        if (client.equals(OURS)) {
            PushConsumerConfig config = PushConsumerConfig.defaults(group)
                    .withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                    .withConsumeThreads(threads);
            ConcurrentListener listener = (msgs, context) -> {
                delivered.addAndGet(msgs.size());
                return ConsumeResult.SUCCESS;
            };
            PushConsumer c = PushConsumer.start(
                    ClientOptions.of(nameServer), config, List.of(Subscription.all(TOPIC)), listener);
            return c::close;
        }
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        c.setNamesrvAddr(nameServer);
        c.setInstanceName("bench-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        c.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.setConsumeThreadMin(threads);
        c.setConsumeThreadMax(threads);
        c.subscribe(TOPIC, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            delivered.addAndGet(msgs.size());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        return c::shutdown;
    }

    private void report(Map<String, List<double[]>> results) {
        System.out.println();
        System.out.printf(
                Locale.ROOT, "%-16s %8s %12s %10s %12s%n", "client", "round", "delivered", "seconds", "msgs/s");
        Map<String, Double> best = new HashMap<>();
        results.forEach((client, runs) -> {
            for (int i = 0; i < runs.size(); i++) {
                double[] r = runs.get(i);
                double rate = r[1] / r[0];
                best.merge(client, rate, Math::max);
                System.out.printf(Locale.ROOT, "%-16s %8d %,12.0f %10.2f %,12.0f%n", client, i + 1, r[1], r[0], rate);
            }
        });
        if (best.containsKey(OURS) && best.getOrDefault(THEIRS, 0.0) > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "%nkitemq-client / rocketmq-client drain rate (best round each): %.2f%n",
                    best.get(OURS) / best.get(THEIRS));
        }
    }
}
