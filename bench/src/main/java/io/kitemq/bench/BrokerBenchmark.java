package io.kitemq.bench;

import io.kitemq.peer.RocketMqPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.topic.TopicValidator;

/**
 * Our Broker beside the official Apache RocketMQ 5.5.0 Broker, both driven by the official Java client 5.5.0
 * from this JVM, for one flush mode ({@code --flush=ASYNC|SYNC}). Not JMH: each system — their NameServer and
 * Broker ({@link RocketMqPeer}), then ours (the Boot jars) — is started fresh in its own temp dir, measured, stopped
 * by pid and deleted before the next one starts, so the two never share the machine. Per system:
 *
 * <ol>
 *   <li>three topics with the same queue count are created on the broker (UPDATE_AND_CREATE_TOPIC) and awaited
 *       in the NameServer's route;</li>
 *   <li>warm-up: sync sends from 16 threads, then 3 s without load (the broker's idle CPU);</li>
 *   <li>sync send of 1 KiB messages from 1, 16 and 64 threads for a fixed time each ({@link SendLoad}): msgs/s and
 *       the latency of every call;</li>
 *   <li>a backlog (default 1,000,000 messages) is stored in a fresh topic, and a push consumer of a new group
 *       drains it ({@link BacklogDrain}): msgs/s until every message arrived;</li>
 *   <li>ours only: REST batch send, 100 × 1 KiB per request, from a few HTTP clients ({@link RestBatchLoad});</li>
 *   <li>the broker's VmRSS, VmHWM, RssAnon, RssFile after every phase, and its CPU during each.</li>
 * </ol>
 * {@code --repeat=N} runs both systems N times (order alternating) and reports medians. The report
 * ({@link BrokerBenchReport}) puts them side by side with ratios and the "Must" checks. Flags:
 * {@link BrokerBenchOptions#USAGE}.
 */
public final class BrokerBenchmark {

    static final String SEND_TOPIC = "BenchSend";
    static final String BACKLOG_TOPIC = "BenchBacklog";
    static final String REST_TOPIC = "BenchRest";
    static final String PRODUCER_GROUP = "BenchProducer";
    static final String CONSUMER_GROUP = "BenchDrain";
    static final int WARMUP_THREADS = 16;
    /** The memory phase only ours has: after the REST batch send. */
    static final String REST_PHASE = "REST batch";

    /** RocketMQ 5.5.0's TransactionMetricsFlushService thread ("TransactionFlushService", as Linux shows it). */
    private static final String SPINNING_THREAD = "TransactionFlus";

    private static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(30);
    /** A pause after the warm-up: the broker's CPU with no load, and time for pending JIT work to finish. */
    private static final Duration IDLE = Duration.ofSeconds(3);

    /** One look at the broker's memory after a phase. */
    record Memory(String phase, ServerProcessProbe.Resident resident) {}

    /** Everything measured on one system in one run. */
    record SystemRun(
            String label,
            Duration startup,
            CpuSample idle,
            Map<Integer, SendLoad.Result> sync,
            SendLoad.Result fill,
            BacklogDrain.Result drain,
            RestBatchLoad.Result rest,
            List<Memory> memory) {}

    private final BrokerBenchOptions options;
    private final Path runDir;
    private final byte[] body;
    private final Map<String, String> setup = new LinkedHashMap<>();

    private BrokerBenchmark(BrokerBenchOptions options, Path runDir) {
        this.options = options;
        this.runDir = runDir;
        this.body = new byte[options.bodyBytes];
        new Random(42).nextBytes(body);
    }

    public static void main(String[] args) throws Exception {
        if (BrokerBenchOptions.wantsHelp(args)) {
            System.out.print(BrokerBenchOptions.USAGE);
            return;
        }
        BrokerBenchOptions options;
        try {
            options = BrokerBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(BrokerBenchOptions.USAGE);
            System.exit(2);
            return;
        }
        Path parent = options.dir != null ? options.dir : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(parent);
        Path runDir = Files.createTempDirectory(parent.toAbsolutePath(), "kitemq-brokerbench-");
        // The official client logs to ~/logs/rocketmqlogs unless told otherwise: keep it in the run dir.
        System.setProperty("rocketmq.log.root", runDir.resolve("client-logs").toString());
        Thread cleanup = new Thread(() -> deleteUnlessKept(runDir, options.keepDir), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        boolean failed;
        try {
            failed = new BrokerBenchmark(options, runDir).run();
        } catch (Exception | Error e) {
            failed = true;
            e.printStackTrace();
            System.err.println("\nFAILED: " + e.getMessage()
                    + (options.keepDir ? "" : "\n(rerun with --keep-dir to keep the servers' logs)"));
        } finally {
            deleteUnlessKept(runDir, options.keepDir);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        // the client's non-daemon threads may linger after shutdown()
        System.exit(failed ? 1 : 0);
    }

    /** Runs every system {@code --repeat} times and reports; true if something failed. */
    private boolean run() throws Exception {
        String header = header();
        System.out.println(header);
        Map<String, List<SystemRun>> runs = new LinkedHashMap<>();
        for (int r = 0; r < options.repeat; r++) {
            List<String> order = new ArrayList<>(options.systems);
            if (r % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (String system : order) {
                SystemRun result = runSystem(system, r);
                runs.computeIfAbsent(result.label(), l -> new ArrayList<>()).add(result);
            }
        }
        BrokerBenchReport report = new BrokerBenchReport(options, runs, setup);
        report.print(System.out);
        if (options.markdown != null) {
            report.appendMarkdown(options.markdown, header);
            System.out.println("\nappended Markdown to " + options.markdown.toAbsolutePath());
        }
        return report.failed();
    }

    /** One system, fresh: start, measure every phase, stop by pid, delete its directory. */
    private SystemRun runSystem(String system, int run) throws Exception {
        Path dir = runDir.resolve(system + "-" + (run + 1));
        long began = System.nanoTime();
        BrokerCluster cluster = start(system, dir);
        Duration startup = Duration.ofNanos(System.nanoTime() - began);
        String label = cluster.label();
        System.out.printf(
                Locale.ROOT,
                "%n[run %d/%d] %s: NameServer %s, Broker %s (pid %d) up in %.1f s%n",
                run + 1,
                options.repeat,
                label,
                cluster.nameServer(),
                cluster.broker(),
                cluster.brokerPid(),
                startup.toMillis() / 1000.0);
        try {
            setup.put(label + " broker JVM", String.join(" ", cluster.brokerJvm()));
            if (!cluster.ours() && options.reniceTheirSpin) {
                List<Long> tids = cluster.renice(SPINNING_THREAD);
                setup.put(
                        "RocketMQ spin",
                        "--renice-their-spin: thread(s) " + tids + " named " + SPINNING_THREAD
                                + "* run at nice 19 (apache/rocketmq#10515: TransactionMetricsFlushService"
                                + " busy-spins until its first flush)");
            }
            return measure(cluster, run, startup);
        } finally {
            cluster.close();
            if (!options.keepDir) {
                StoreBenchmark.deleteTree(dir);
            }
        }
    }

    private BrokerCluster start(String system, Path dir) {
        if (system.equals(BrokerBenchOptions.THEIRS)) {
            setup.put(
                    "RocketMQ",
                    "Apache RocketMQ " + MQVersion.getVersionDesc(MQVersion.CURRENT_VERSION) + " NameServer + Broker ("
                            + RocketMqPeer.libDir() + "), flushDiskType=" + options.flush + "_FLUSH, other broker.conf"
                            + " keys at their defaults but mappedFileSizeCommitLog=1 GiB (its default)");
            return BrokerCluster.startTheirs(dir, options.flush, options.theirJvm, options.nameServerJvm);
        }
        Path brokerJar = KiteMqBrokerProcess.findJar(options.brokerJar);
        Path nameServerJar = KiteMqNameServerProcess.findJar(options.nameServerJar);
        setup.put(
                "KiteMQ",
                nameServerJar.getFileName() + " + " + brokerJar.getFileName() + ", store.flush-mode=" + options.flush
                        + ", other properties at their defaults (1 GB CommitLog segments)");
        return BrokerCluster.startOurs(
                dir, options.flush, brokerJar, nameServerJar, options.ourJvm, options.nameServerJvm);
    }

    private SystemRun measure(BrokerCluster cluster, int run, Duration startup) throws Exception {
        String label = cluster.label();
        long pid = cluster.brokerPid();
        List<Memory> memory = new ArrayList<>();
        memory.add(new Memory("started", ServerProcessProbe.resident(pid)));
        Map<Integer, SendLoad.Result> sync = new LinkedHashMap<>();
        SendLoad.Result fill;
        CpuSample idle;
        DefaultMQProducer producer = new DefaultMQProducer(PRODUCER_GROUP);
        producer.setNamesrvAddr(cluster.nameServer());
        producer.setInstanceName("bench-producer-" + label + "-" + run);
        producer.start();
        try {
            List<String> topics = new ArrayList<>(List.of(SEND_TOPIC, BACKLOG_TOPIC));
            if (cluster.ours()) {
                topics.add(REST_TOPIC);
            }
            for (String topic : topics) {
                createTopic(producer, cluster, topic);
            }
            SendLoad load = new SendLoad(producer, SEND_TOPIC, body, pid);
            SendLoad.Result warm = load.run(WARMUP_THREADS, options.warmup);
            progress(label, "warm-up, " + WARMUP_THREADS + " threads", warm);
            CpuSample before = CpuSample.now(pid);
            Thread.sleep(IDLE.toMillis());
            idle = CpuSample.now(pid).since(before);
            System.out.printf(
                    Locale.ROOT,
                    "  %-8s idle %.0f s after the warm-up: broker CPU %.0f%%%n",
                    label,
                    IDLE.toMillis() / 1000.0,
                    idle.serverPercent());
            for (int threads : options.threads) {
                SendLoad.Result r = load.run(threads, options.measure);
                progress(label, "sync send, " + threads + " threads", r);
                sync.put(threads, r);
                memory.add(new Memory("sync " + threads, ServerProcessProbe.resident(pid)));
            }
            fill = new SendLoad(producer, BACKLOG_TOPIC, body, pid).fill(options.backlogThreads, options.backlog);
            progress(label, "backlog of " + options.backlog + ", " + options.backlogThreads + " threads", fill);
            memory.add(new Memory("backlog stored", ServerProcessProbe.resident(pid)));
        } finally {
            producer.shutdown();
        }
        BacklogDrain.Result drain = BacklogDrain.run(
                cluster.nameServer(),
                BACKLOG_TOPIC,
                CONSUMER_GROUP,
                "bench-consumer-" + label + "-" + run,
                options.backlog,
                options.bodyBytes,
                options.consumeBatch,
                options.drainTimeout,
                pid);
        System.out.printf(
                Locale.ROOT,
                "  %-8s push drain         %,10.0f msgs/s  %,d of %,d in %.1f s (first after %.0f ms), %,d deliveries%s%n",
                label,
                drain.perSecond(),
                drain.distinct(),
                options.backlog,
                drain.cpu().wallNanos() / 1e9,
                drain.firstMessageNanos() / 1e6,
                drain.delivered(),
                drain.complete() ? "" : "  INCOMPLETE after " + options.drainTimeout.toSeconds() + " s");
        memory.add(new Memory("drained", ServerProcessProbe.resident(pid)));
        RestBatchLoad.Result rest = null;
        if (cluster.ours()) {
            RestBatchLoad restLoad =
                    new RestBatchLoad(cluster.httpBase(), REST_TOPIC, options.restBatch, options.bodyBytes, pid);
            restLoad.run(options.restClients, options.warmup.dividedBy(3));
            rest = restLoad.run(options.restClients, options.restMeasure);
            System.out.printf(
                    Locale.ROOT,
                    "  %-8s REST batch x%d     %,10.0f msgs/s  p50 %.2f ms  p99 %.2f ms per request%s%n",
                    label,
                    options.restBatch,
                    rest.perSecond(),
                    rest.latency().percentileMicros(0.50) / 1000,
                    rest.latency().percentileMicros(0.99) / 1000,
                    rest.failed() == 0 ? "" : "  " + rest.failed() + " failed, first: " + rest.firstFailure());
            memory.add(new Memory(REST_PHASE, ServerProcessProbe.resident(pid)));
        }
        return new SystemRun(label, startup, idle, sync, fill, drain, rest, memory);
    }

    /**
     * Creates {@code topic} with the benchmark's queue count on the broker itself (UPDATE_AND_CREATE_TOPIC, as
     * {@code mqadmin updateTopic} does), then waits until the NameServer's route lists all its queues.
     */
    private void createTopic(DefaultMQProducer producer, BrokerCluster cluster, String topic) throws Exception {
        TopicConfig config =
                new TopicConfig(topic, options.queues, options.queues, PermName.PERM_READ | PermName.PERM_WRITE);
        producer.getDefaultMQProducerImpl()
                .getMqClientFactory()
                .getMQClientAPIImpl()
                .createTopic(cluster.broker(), TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC, config, 10_000);
        long deadline = System.nanoTime() + ROUTE_TIMEOUT.toNanos();
        String last = "no route";
        while (System.nanoTime() < deadline) {
            try {
                int queues = producer.fetchPublishMessageQueues(topic).size();
                if (queues == options.queues) {
                    return;
                }
                last = queues + " queues";
            } catch (MQClientException e) {
                last = e.getErrorMessage();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(cluster.label() + ": topic " + topic + " created on " + cluster.broker()
                + " but the NameServer's route did not list its " + options.queues + " queues within " + ROUTE_TIMEOUT
                + " (last: " + last + ")");
    }

    private static void progress(String label, String what, SendLoad.Result r) {
        System.out.printf(
                Locale.ROOT,
                "  %-8s %-30s %,10.0f msgs/s  p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  broker CPU %.0f%%%s%n",
                label,
                what,
                r.perSecond(),
                r.latency().percentileMicros(0.50) / 1000,
                r.latency().percentileMicros(0.99) / 1000,
                r.latency().percentileMicros(0.999) / 1000,
                r.cpu().serverPercent(),
                r.failed() == 0 ? "" : "  " + r.failed() + " failed, first: " + r.firstFailure());
    }

    private String header() {
        return String.format(
                Locale.ROOT,
                "KiteMQ Broker benchmark %s | %d cores | Java %s %s | client rocketmq-client %s | run dir %s%n%s",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"),
                System.getProperty("java.vm.name"),
                MQVersion.getVersionDesc(MQVersion.CURRENT_VERSION),
                runDir,
                options.describe());
    }

    private static void deleteUnlessKept(Path runDir, boolean keep) {
        if (keep) {
            System.out.println("kept " + runDir);
        } else {
            StoreBenchmark.deleteTree(runDir);
        }
    }
}
