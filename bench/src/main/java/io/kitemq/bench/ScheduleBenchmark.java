package io.kitemq.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Delayed and timed delivery on our broker (its Boot jar in its own JVM, ASYNC flush), driven by the official
 * client 5.5.0 (issue #7 "Performance"): throughput of plain sends, of delayed sends with a random level 1..18,
 * and of timed sends; then, with {@code --pending=N} timers waiting (due in 2 h), the lateness of
 * {@code --probes=K} probe timers due 5..15 s ahead: consumer arrival time minus due time (never negative:
 * a message is never delivered early, which the run checks).
 *
 * <pre>
 * java -Xmx1g -cp bench/target/benchmarks.jar io.kitemq.bench.ScheduleBenchmark \
 *     --seconds=10 --threads=8 --pending=1000000 --probes=2000
 * </pre>
 */
public final class ScheduleBenchmark {

    private static final byte[] BODY = new byte[128];

    private ScheduleBenchmark() {}

    public static void main(String[] args) {
        BenchRunDir.main(
                "kitemq-schedulebench-",
                "usage: java -Xmx1g -cp bench/target/benchmarks.jar io.kitemq.bench.ScheduleBenchmark [--seconds=10]"
                        + " [--threads=8] [--pending=1000000] [--probes=2000] [--dir=PATH] [--keep-dir]",
                args,
                flags -> {
                    int seconds = flags.positiveInt("seconds", "10");
                    int threads = flags.positiveInt("threads", "8");
                    int pending = flags.positiveInt("pending", "1000000");
                    int probes = flags.positiveInt("probes", "2000");
                    return dir -> run(dir, seconds, threads, pending, probes);
                });
    }

    private static void run(Path dir, int seconds, int threads, int pending, int probes) throws Exception {
        try (BrokerCluster cluster = BrokerCluster.startOurs(
                dir,
                "ASYNC",
                KiteMqBrokerProcess.findJar(null),
                KiteMqNameServerProcess.findJar(null),
                List.of("-Xmx1g"),
                List.of("-Xmx256m"))) {
            DefaultMQProducer producer = new DefaultMQProducer("schedule-bench-p");
            producer.setNamesrvAddr(cluster.nameServer());
            producer.setInstanceName("schedule-bench-" + System.nanoTime());
            producer.start();
            try {
                run(cluster, producer, seconds, threads, pending, probes);
            } finally {
                producer.shutdown();
            }
        }
    }

    private static void run(
            BrokerCluster cluster, DefaultMQProducer producer, int seconds, int threads, int pending, int probes)
            throws Exception {
        Duration time = Duration.ofSeconds(seconds);
        sendFor(producer, "BenchPlain", threads, Duration.ofSeconds(3), m -> {}); // warm-up, also creates topics
        sendFor(producer, "BenchDelayed", 1, Duration.ofSeconds(1), m -> m.setDelayTimeLevel(1));
        sendFor(producer, "BenchTimed", 1, Duration.ofSeconds(1), m -> m.setDelayTimeSec(7200));
        double plain = sendFor(producer, "BenchPlain", threads, time, m -> {});
        double delayed = sendFor(
                producer,
                "BenchDelayed",
                threads,
                time,
                m -> m.setDelayTimeLevel(ThreadLocalRandom.current().nextInt(1, 19)));
        double timed = sendFor(producer, "BenchTimed", threads, time, m -> m.setDelayTimeSec(7200));
        System.out.printf(
                "sync sends, %d threads, %d s each, 128-byte bodies:%n  plain   %,10.0f msg/s%n"
                        + "  delayed %,10.0f msg/s (random level 1..18)%n  timed   %,10.0f msg/s (TIMER_DELAY_SEC=7200)%n",
                threads, seconds, plain, delayed, timed);
        long t0 = System.nanoTime();
        long filled = fillTimers(producer, pending);
        System.out.printf(
                "pending timers: %,d async timed sends (due in 2 h) in %.1f s; broker gauge timers.pending = %s%n",
                filled, (System.nanoTime() - t0) / 1e9, gauge(cluster, "kitemq_broker_timers_pending"));
        probe(cluster, producer, probes);
    }

    /** Sync sends from {@code threads} threads for {@code time}; returns successful sends per second. */
    private static double sendFor(
            DefaultMQProducer producer, String topic, int threads, Duration time, Consumer<Message> shape)
            throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        long end = System.nanoTime() + time.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    Message m = new Message(topic, BODY);
                    shape.accept(m);
                    try {
                        if (producer.send(m).getSendStatus() == SendStatus.SEND_OK) {
                            ok.incrementAndGet();
                        }
                    } catch (Exception e) {
                        // counted as not sent
                    }
                }
            });
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            t.join();
        }
        return ok.get() / (time.toNanos() / 1e9);
    }

    /** {@code count} async timed sends (due in 2 h), 1,000 in flight; returns how many were stored. */
    private static long fillTimers(DefaultMQProducer producer, int count) throws Exception {
        Semaphore window = new Semaphore(1000);
        AtomicLong ok = new AtomicLong();
        for (int i = 0; i < count; i++) {
            window.acquire();
            Message m = new Message("BenchPending", BODY);
            m.setDelayTimeSec(7200);
            producer.send(m, new SendCallback() {
                @Override
                public void onSuccess(SendResult r) {
                    ok.incrementAndGet();
                    window.release();
                }

                @Override
                public void onException(Throwable e) {
                    window.release();
                }
            });
        }
        window.acquire(1000);
        return ok.get();
    }

    /** Probe timers due 5..15 s ahead; prints the lateness distribution once all arrived (or after 60 s). */
    private static void probe(BrokerCluster cluster, DefaultMQProducer producer, int probes) throws Exception {
        List<Long> lateness = Collections.synchronizedList(new ArrayList<>());
        ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("schedule-bench-c");
        consumer.setNamesrvAddr(cluster.nameServer());
        consumer.setInstanceName("schedule-bench-c-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe("BenchProbe", "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            long now = System.currentTimeMillis();
            for (MessageExt m : msgs) {
                if (seen.putIfAbsent(m.getMsgId(), true) == null && m.getUserProperty("due") != null) {
                    lateness.add(now - Long.parseLong(m.getUserProperty("due")));
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.setPollNameServerInterval(1000);
        producer.send(new Message("BenchProbe", BODY)); // creates the topic; its arrival is not measured
        consumer.start();
        try {
            long ready = System.currentTimeMillis() + 60_000;
            while (seen.isEmpty() && System.currentTimeMillis() < ready) {
                TimeUnit.MILLISECONDS.sleep(100); // until the consumer owns the queues and pulls
            }
            seen.clear();
            lateness.clear();
            long base = System.currentTimeMillis() + 5000;
            for (int i = 0; i < probes; i++) {
                long due = base + ThreadLocalRandom.current().nextLong(10_000);
                Message m = new Message("BenchProbe", BODY);
                m.putUserProperty("due", Long.toString(due));
                m.setDeliverTimeMs(due);
                producer.send(m);
            }
            long deadline = System.currentTimeMillis() + 60_000;
            while (lateness.size() < probes && System.currentTimeMillis() < deadline) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
        } finally {
            consumer.shutdown();
        }
        List<Long> sorted = new ArrayList<>(lateness);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println("no probe arrived");
            return;
        }
        System.out.printf(
                "lateness of %,d/%,d probe timers (arrival at the consumer - due), with the pending timers waiting:%n"
                        + "  min %d ms, p50 %d ms, p99 %d ms, max %d ms; early arrivals: %d%n",
                sorted.size(),
                probes,
                sorted.get(0),
                at(sorted, 0.50),
                at(sorted, 0.99),
                sorted.get(sorted.size() - 1),
                sorted.stream().filter(l -> l < 0).count());
    }

    private static long at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static String gauge(BrokerCluster cluster, String name) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(cluster.httpBase() + "/actuator/prometheus"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return r.body()
                    .lines()
                    .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                    .map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .findFirst()
                    .orElse("absent");
        } catch (Exception e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }
}
