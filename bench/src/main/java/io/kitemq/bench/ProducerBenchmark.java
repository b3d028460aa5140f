package io.kitemq.bench;

import io.kitemq.client.core.ClientOptions;
import io.kitemq.client.producer.Producer;
import io.kitemq.client.producer.ProducerOptions;
import io.kitemq.client.producer.SendStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;

/**
 * Producer throughput and latency, our client beside the official Java client 5.5.0, both against the SAME
 * broker (ours by default, {@code --broker=rocketmq} for the official one; NameServer + Broker started as
 * separate JVMs for the run) with the same number of threads — the shape of RocketMQ's own producer
 * benchmark tool: {@code --threads} threads send {@code --size}-byte messages synchronously back to back; every
 * second a line with TPS and latency percentiles, totals at the end. Each client gets {@code --warmup} seconds
 * first (not reported), then {@code --seconds} measured; the clients take turns ({@code --rounds}, order
 * alternating), and the totals sum every round.
 *
 * <pre>
 * java -Xmx1g -cp bench/target/benchmarks.jar io.kitemq.bench.ProducerBenchmark \
 *     --broker=kitemq --threads=16 --size=1024 --seconds=20 --warmup=5 --rounds=1 --queues=8
 * </pre>
 */
public final class ProducerBenchmark {

    private static final String TOPIC = "BenchProducerTopic";
    private static final String OURS = "kitemq-client";
    private static final String THEIRS = "rocketmq-client";

    /** One client under test: a thread-safe blocking send. */
    private interface Sender extends AutoCloseable {
        /** Sends one message; true when the broker answered SEND_OK. */
        boolean send() throws Exception;
    }

    private final String broker;
    private final String flush;
    private final int threads;
    private final int size;
    private final int seconds;
    private final int warmup;
    private final int rounds;
    private final int queues;
    private final byte[] body;

    private ProducerBenchmark(BenchFlags flags) {
        this.threads = flags.positiveInt("threads", "16");
        this.size = flags.positiveInt("size", "1024");
        this.seconds = flags.positiveInt("seconds", "20");
        this.warmup = flags.positiveInt("warmup", "5");
        this.rounds = flags.positiveInt("rounds", "1");
        this.queues = flags.positiveInt("queues", "8");
        this.broker = flags.take("broker", "kitemq");
        this.flush = flags.take("flush", "ASYNC");
        this.body = new byte[size];
        new Random(42).nextBytes(body);
    }

    public static void main(String[] args) {
        BenchRunDir.main(
                "kitemq-producerbench-",
                "usage: java -Xmx1g -cp bench/target/benchmarks.jar io.kitemq.bench.ProducerBenchmark [--threads=16]"
                        + " [--size=1024] [--seconds=20] [--warmup=5] [--rounds=1] [--queues=8]"
                        + " [--broker=kitemq|rocketmq] [--flush=ASYNC|SYNC] [--dir=PATH] [--keep-dir]",
                args,
                flags -> new ProducerBenchmark(flags)::run);
    }

    private void run(Path runDir) throws Exception {
        try (BrokerCluster cluster = BrokerCluster.start(broker, runDir, flush)) {
            System.out.printf(
                    Locale.ROOT,
                    "ProducerBenchmark: %s broker (%s flush) at %s, %d threads, %d-byte bodies, %d queues,"
                            + " %d s warm-up + %d s measured per client and round, %d round(s), %d cores%n",
                    cluster.label(),
                    flush,
                    cluster.broker(),
                    threads,
                    size,
                    queues,
                    warmup,
                    seconds,
                    rounds,
                    Runtime.getRuntime().availableProcessors());
            cluster.createTopic(TOPIC, queues);
            Map<String, LatencyWindow> totals = new LinkedHashMap<>();
            Map<String, long[]> counts = new LinkedHashMap<>();
            for (int r = 0; r < rounds; r++) {
                List<String> order = r % 2 == 0 ? List.of(OURS, THEIRS) : List.of(THEIRS, OURS);
                for (String client : order) {
                    LatencyWindow window = totals.computeIfAbsent(client, c -> new LatencyWindow());
                    long[] c = counts.computeIfAbsent(client, k -> new long[2]);
                    try (Sender sender = sender(client, cluster.nameServer())) {
                        drive(client, sender, warmup, null, null);
                        long[] okFailed = drive(client, sender, seconds, window, System.out);
                        c[0] += okFailed[0];
                        c[1] += okFailed[1];
                    }
                }
            }
            report(totals, counts);
        }
    }

    private Sender sender(String client, String nameServer) throws Exception {
        if (client.equals(OURS)) {
            Producer p = Producer.start(ClientOptions.of(nameServer), ProducerOptions.of("BenchOurProducer"));
            return new Sender() {
                @Override
                public boolean send() {
                    return p.send(new io.kitemq.protocol.message.Message(TOPIC, body))
                                    .status()
                            == SendStatus.SEND_OK;
                }

                @Override
                public void close() {
                    p.close();
                }
            };
        }
        DefaultMQProducer p = new DefaultMQProducer("BenchTheirProducer");
        p.setNamesrvAddr(nameServer);
        p.setInstanceName("bench-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        p.start();
        return new Sender() {
            @Override
            public boolean send() throws Exception {
                return p.send(new Message(TOPIC, body)).getSendStatus()
                        == org.apache.rocketmq.client.producer.SendStatus.SEND_OK;
            }

            @Override
            public void close() {
                p.shutdown();
            }
        };
    }

    /** {@code threads} threads send for {@code secs}; a line per second when {@code out} is given. */
    private long[] drive(String client, Sender sender, int secs, LatencyWindow window, java.io.PrintStream out)
            throws InterruptedException {
        LatencyWindow w = window != null ? window : new LatencyWindow();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long end = System.nanoTime() + Duration.ofSeconds(secs).toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(
                    () -> {
                        while (System.nanoTime() < end) {
                            long began = System.nanoTime();
                            try {
                                if (sender.send()) {
                                    w.record(System.nanoTime() - began);
                                    ok.incrementAndGet();
                                    continue;
                                }
                                firstFailure.compareAndSet(null, "status not SEND_OK");
                            } catch (Exception e) {
                                firstFailure.compareAndSet(null, e.toString());
                            }
                            failed.incrementAndGet();
                        }
                    },
                    "bench-send-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        long lastOk = 0;
        for (int s = 1; s <= secs; s++) {
            Thread.sleep(Math.max(0, (end - Duration.ofSeconds(secs - s).toNanos() - System.nanoTime()) / 1_000_000));
            LatencyWindow.Summary sec = w.drain();
            long nowOk = ok.get();
            if (out != null) {
                out.printf(
                        Locale.ROOT,
                        "[%-15s] %3ds  TPS %,8d  avg %6.2f ms  p50 %6.2f  p99 %6.2f  p99.9 %6.2f  max %7.2f  failed %d%n",
                        client,
                        s,
                        nowOk - lastOk,
                        sec.avgMicros() / 1000,
                        sec.p50() / 1000,
                        sec.p99() / 1000,
                        sec.p999() / 1000,
                        sec.maxMicros() / 1000,
                        failed.get());
            }
            lastOk = nowOk;
        }
        for (Thread t : workers) {
            t.join();
        }
        w.drain();
        if (firstFailure.get() != null && out != null) {
            out.println("[" + client + "] first failure: " + firstFailure.get());
        }
        return new long[] {ok.get(), failed.get()};
    }

    private void report(Map<String, LatencyWindow> totals, Map<String, long[]> counts) {
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%-16s %12s %8s %10s %9s %9s %9s %9s %9s%n",
                "client",
                "sent",
                "failed",
                "TPS",
                "avg ms",
                "p50 ms",
                "p99 ms",
                "p99.9 ms",
                "max ms");
        Map<String, Double> tps = new HashMap<>();
        for (Map.Entry<String, LatencyWindow> e : totals.entrySet()) {
            LatencyWindow.Summary t = e.getValue().total();
            long[] c = counts.get(e.getKey());
            double perSecond = c[0] / (double) (seconds * rounds);
            tps.put(e.getKey(), perSecond);
            System.out.printf(
                    Locale.ROOT,
                    "%-16s %,12d %8d %,10.0f %9.2f %9.2f %9.2f %9.2f %9.2f%n",
                    e.getKey(),
                    c[0],
                    c[1],
                    perSecond,
                    t.avgMicros() / 1000,
                    t.p50() / 1000,
                    t.p99() / 1000,
                    t.p999() / 1000,
                    t.maxMicros() / 1000);
        }
        if (tps.containsKey(OURS) && tps.get(THEIRS) != null && tps.get(THEIRS) > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "%nkitemq-client / rocketmq-client throughput: %.2f%n",
                    tps.get(OURS) / tps.get(THEIRS));
        }
    }
}
