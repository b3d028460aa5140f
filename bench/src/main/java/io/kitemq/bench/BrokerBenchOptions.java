package io.kitemq.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@link BrokerBenchmark}'s command line: {@code --name=value} flags over defaults for a full run, or over
 * short ones with {@code --quick}. Durations are seconds.
 */
final class BrokerBenchOptions {

    static final String OURS = "kitemq";
    static final String THEIRS = "rocketmq";

    /**
     * RocketMQ 5.x {@code bin/runbroker.sh} on Java 9+ ({@code -server -Xms8g -Xmx8g}, its G1 flags,
     * {@code -XX:+AlwaysPreTouch}, {@code -XX:MaxDirectMemorySize=15g}, {@code -XX:-UseLargePages}) with heap and
     * direct memory scaled by 1/8 to this machine; its GC log and {@code -XX:-UseBiasedLocking} (a no-op since
     * Java 15) are left out. The launcher adds the {@code --add-opens}/{@code --add-exports} the script adds.
     */
    static final String THEIR_JVM = "-server -Xms1g -Xmx1g -XX:+UseG1GC -XX:G1HeapRegionSize=16m"
            + " -XX:G1ReservePercent=25 -XX:InitiatingHeapOccupancyPercent=30 -XX:SoftRefLRUPolicyMSPerMB=0"
            + " -XX:-OmitStackTraceInFastThrow -XX:+AlwaysPreTouch -XX:MaxDirectMemorySize=2g -XX:-UseLargePages";

    /** Ours ships as a plain {@code java -jar} (bin/kitemq-local): only the heap, the same size as theirs. */
    static final String OUR_JVM = "-Xms1g -Xmx1g";

    static final String USAGE = """
            usage: java -Xmx1g -cp bench/target/benchmarks.jar io.kitemq.bench.BrokerBenchmark --flush=ASYNC|SYNC [flags]
              (run from the repository root, or pass -Dkitemq.rocketmq.lib=DIR and the two --kitemq-*-jar flags)
              --flush=MODE              ASYNC or SYNC: both brokers flush that way (default ASYNC)
              --quick                   short phases and a 50,000-message backlog (a smoke run, about two minutes)
              --seconds=S               measured time per sync-send case (default 20; quick 5)
              --warmup-seconds=S        untimed sync sends (16 threads) per broker first (default 15; quick 8)
              --threads=LIST            producer threads sending synchronously (default 1,16,64)
              --backlog=N               messages stored before the push consumer starts (default 1000000; quick 50000)
              --backlog-threads=N       threads filling the backlog with sync sends (default 64)
              --consume-batch=N         the push consumer's consumeMessageBatchMaxSize (default 1)
              --drain-timeout-seconds=S give up draining after S (default 600; quick 120)
              --rest-seconds=S          measured time of our REST batch send (default 10; quick 3)
              --rest-clients=N          concurrent HTTP clients posting batches (default 4)
              --rest-batch=N            messages per REST batch (default 100)
              --body-bytes=N            message body size (default 1024)
              --queues=N                read/write queues of every benchmark topic (default 8)
              --repeat=N                run both systems N times (fresh each time, order alternating) and report medians (default 1)
              --systems=LIST            rocketmq,kitemq (default both, theirs first)
              --renice-their-spin       renice (19) the official broker's TransactionFlushService thread, which in
                                        5.5.0 busy-spins a core for its first 10 s (apache/rocketmq#10515); default: as shipped
              --their-jvm="FLAGS"       JVM flags of the official broker (default: RocketMQ's runbroker.sh scaled, see the setup table)
              --our-jvm="FLAGS"         JVM flags of our broker (default "-Xms1g -Xmx1g")
              --nameserver-jvm="FLAGS"  JVM flags of both NameServers (default "-Xms256m -Xmx256m")
              --kitemq-broker-jar=PATH  our Broker's Boot jar (default: broker-service/target/kitemq-broker-service-*.jar)
              --kitemq-nameserver-jar=PATH  our NameServer's Boot jar (default: nameserver-service/target/...)
              --dir=PATH                parent of the run's temp dir (default java.io.tmpdir); deleted at the end
              --keep-dir                keep the temp dir (servers' logs and stores) instead of deleting it
              --markdown=PATH           also append the results as Markdown tables to PATH
            """;

    final boolean quick;
    final String flush;
    final Duration measure;
    final Duration warmup;
    final int[] threads;
    final int backlog;
    final int backlogThreads;
    final int consumeBatch;
    final Duration drainTimeout;
    final Duration restMeasure;
    final int restClients;
    final int restBatch;
    final int bodyBytes;
    final int queues;
    final int repeat;
    final List<String> systems;
    final boolean reniceTheirSpin;
    final List<String> theirJvm;
    final List<String> ourJvm;
    final List<String> nameServerJvm;
    final Path brokerJar;
    final Path nameServerJar;
    final Path dir;
    final boolean keepDir;
    final Path markdown;

    private BrokerBenchOptions(BenchFlags f) {
        quick = f.quick();
        flush = f.take("flush", "ASYNC").toUpperCase(Locale.ROOT);
        if (!flush.equals("ASYNC") && !flush.equals("SYNC")) {
            throw new IllegalArgumentException("--flush is ASYNC or SYNC, not '" + flush + "'");
        }
        measure = f.seconds("seconds", "20", "5");
        warmup = f.seconds("warmup-seconds", "15", "8");
        threads = f.positiveInts("threads", "1,16,64");
        backlog = f.positiveInt("backlog", quick ? "50000" : "1000000");
        backlogThreads = f.positiveInt("backlog-threads", "64");
        consumeBatch = f.positiveInt("consume-batch", "1");
        drainTimeout = f.seconds("drain-timeout-seconds", "600", "120");
        restMeasure = f.seconds("rest-seconds", "10", "3");
        restClients = f.positiveInt("rest-clients", "4");
        restBatch = f.positiveInt("rest-batch", "100");
        bodyBytes = f.positiveInt("body-bytes", "1024");
        queues = f.positiveInt("queues", "8");
        repeat = f.positiveInt("repeat", "1");
        systems = List.of(
                f.take("systems", THEIRS + "," + OURS).toLowerCase(Locale.ROOT).split(","));
        if (systems.isEmpty() || !List.of(THEIRS, OURS).containsAll(systems)) {
            throw new IllegalArgumentException("--systems lists rocketmq and/or kitemq, not " + systems);
        }
        reniceTheirSpin = f.bool("renice-their-spin");
        theirJvm = f.words("their-jvm", THEIR_JVM);
        ourJvm = f.words("our-jvm", OUR_JVM);
        nameServerJvm = f.words("nameserver-jvm", "-Xms256m -Xmx256m");
        brokerJar = f.path("kitemq-broker-jar", System.getProperty(KiteMqBrokerProcess.JAR_PROPERTY));
        nameServerJar = f.path("kitemq-nameserver-jar", System.getProperty(KiteMqNameServerProcess.JAR_PROPERTY));
        dir = f.path("dir", null);
        keepDir = f.bool("keep-dir");
        markdown = f.path("markdown", null);
        f.requireAllTaken();
    }

    static BrokerBenchOptions parse(String... args) {
        return new BrokerBenchOptions(BenchFlags.parse(args));
    }

    static boolean wantsHelp(String... args) {
        return BenchFlags.wantsHelp(args);
    }

    /** One line of the settings, for the report's header. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "flush %s%s | sync send %s threads x %.0f s after %.0f s warm-up | backlog %,d (filled by %d threads),"
                        + " push consumer batch %d | REST %d clients x %d-message batches x %.0f s | body %d B |"
                        + " %d queues | repeat %d",
                flush,
                quick ? " (quick)" : "",
                Arrays.toString(threads),
                measure.toMillis() / 1000.0,
                warmup.toMillis() / 1000.0,
                backlog,
                backlogThreads,
                consumeBatch,
                restClients,
                restBatch,
                restMeasure.toMillis() / 1000.0,
                bodyBytes,
                queues,
                repeat);
    }
}
