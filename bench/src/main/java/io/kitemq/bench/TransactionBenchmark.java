package io.kitemq.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Transactional sends with an immediate commit beside plain sync sends (issue #7 "Performance"), driven by
 * the official client 5.5.0 against our broker (its Boot jar in its own JVM, ASYNC flush) and, with
 * {@code --systems=kitemq,rocketmq}, against the Apache RocketMQ 5.5.0 broker too. A transactional send is
 * the half message's sync send, the local transaction (returns COMMIT at once) and the oneway
 * END_TRANSACTION; the broker then stores the committed message and its op record. Each case runs
 * {@code --seconds} after a warm-up with {@code --threads} threads sharing one producer; the count is of
 * SEND_OK answers whose local transaction committed.
 *
 * <pre>
 * java -Xmx1g -cp bench/target/benchmarks.jar io.kitemq.bench.TransactionBenchmark --seconds=10 --threads=16
 * </pre>
 */
public final class TransactionBenchmark {

    private static final byte[] BODY = new byte[1024];

    private TransactionBenchmark() {}

    public static void main(String[] args) {
        BenchRunDir.main(
                "kitemq-txbench-",
                "usage: java -Xmx1g -cp bench/target/benchmarks.jar io.kitemq.bench.TransactionBenchmark [--seconds=10]"
                        + " [--threads=16] [--systems=kitemq,rocketmq] [--dir=PATH] [--keep-dir]",
                args,
                flags -> {
                    int seconds = flags.positiveInt("seconds", "10");
                    int threads = flags.positiveInt("threads", "16");
                    String systems = flags.take("systems", "kitemq");
                    return runDir -> runAll(runDir, seconds, threads, systems);
                });
    }

    private static void runAll(Path runDir, int seconds, int threads, String systems) throws Exception {
        for (String system : systems.split(",")) {
            Path dir = Files.createDirectories(runDir.resolve(system));
            try (BrokerCluster cluster = system.equals("rocketmq")
                    ? BrokerCluster.startTheirs(dir, "ASYNC", List.of("-Xms1g", "-Xmx1g"), List.of("-Xmx256m"))
                    : BrokerCluster.startOurs(
                            dir,
                            "ASYNC",
                            KiteMqBrokerProcess.findJar(null),
                            KiteMqNameServerProcess.findJar(null),
                            List.of("-Xms1g", "-Xmx1g"),
                            List.of("-Xmx256m"))) {
                run(cluster, seconds, threads);
            }
        }
    }

    private static void run(BrokerCluster cluster, int seconds, int threads) throws Exception {
        DefaultMQProducer plain = new DefaultMQProducer("tx-bench-plain");
        TransactionMQProducer tx = new TransactionMQProducer("tx-bench-tx");
        for (DefaultMQProducer p : List.of(plain, tx)) {
            p.setNamesrvAddr(cluster.nameServer());
            p.setInstanceName(p.getProducerGroup() + "-" + System.nanoTime());
        }
        tx.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return LocalTransactionState.COMMIT_MESSAGE;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                return LocalTransactionState.COMMIT_MESSAGE;
            }
        });
        plain.start();
        tx.start();
        try {
            Duration time = Duration.ofSeconds(seconds);
            sendFor(plain, "BenchTxPlain", threads, Duration.ofSeconds(5), false); // warm-up, creates the topic
            sendFor(tx, "BenchTx", threads, Duration.ofSeconds(5), true);
            double plainRate = sendFor(plain, "BenchTxPlain", threads, time, false);
            double txRate = sendFor(tx, "BenchTx", threads, time, true);
            System.out.printf(
                    "%s, ASYNC flush, %d threads, %d s each, 1 KiB bodies:%n  plain sync sends             %,10.0f msg/s%n"
                            + "  transactional, commit at once %,10.0f msg/s (%.0f%% of plain)%n",
                    cluster.label(), threads, seconds, plainRate, txRate, 100 * txRate / plainRate);
        } finally {
            tx.shutdown();
            plain.shutdown();
        }
    }

    /** Sends from {@code threads} threads for {@code time}; returns successful sends per second. */
    private static double sendFor(DefaultMQProducer producer, String topic, int threads, Duration time, boolean tx)
            throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        long start = System.nanoTime();
        long end = start + time.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    Message m = new Message(topic, BODY);
                    try {
                        if (tx) {
                            var r = ((TransactionMQProducer) producer).sendMessageInTransaction(m, null);
                            if (r.getSendStatus() == SendStatus.SEND_OK
                                    && r.getLocalTransactionState() == LocalTransactionState.COMMIT_MESSAGE) {
                                ok.incrementAndGet();
                            }
                        } else if (producer.send(m).getSendStatus() == SendStatus.SEND_OK) {
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
        return ok.get() / ((System.nanoTime() - start) / 1e9);
    }
}
