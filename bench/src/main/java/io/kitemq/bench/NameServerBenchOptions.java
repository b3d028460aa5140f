package io.kitemq.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@link NameServerBenchmark}'s command line: {@code --name=value} flags over defaults for a full run, or over
 * short ones with {@code --quick}. Durations are seconds.
 */
final class NameServerBenchOptions {

    static final List<String> DRIVERS = List.of("kitemq", "rocketmq");

    static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar io.kitemq.bench.NameServerBenchmark [flags]
              (run from the repository root, or pass -Dkitemq.rocketmq.lib=DIR and --kitemq-jar=PATH)
              --quick                 short cases, one repeat (a smoke run, about a minute)
              --seconds=S             measured time per case (default 10; quick 2)
              --ramp-seconds=S        unmeasured lead-in of every case (default 1; quick 0.5)
              --warmup-seconds=S      untimed lookups per NameServer and driver before the first case (default 10; quick 1)
              --repeat=N              run every case N times and report medians (default 3; quick 1)
              --threads=LIST          client threads calling synchronously (default 1,4,16)
              --drivers=LIST          client implementations driving the load: kitemq,rocketmq (default both)
              --brokers=N             broker masters registered with each NameServer (default 10)
              --topics=N              topics per broker, the same on every broker (default 1000)
              --queues=N              read and write queues per topic (default 8)
              --keepalive-seconds=S   re-registration period of every broker (default 20)
              --verify-sample=N       random topics whose route is checked per NameServer and driver (default 100)
              --server-jvm="FLAGS"    JVM flags of both NameServer processes (default "-Xms256m -Xmx256m -XX:+UseG1GC")
              --kitemq-jar=PATH       our NameServer's Boot jar (default: nameserver-service/target/kitemq-nameserver-service-*.jar,
                                      searched upward from the working directory; or -Dkitemq.nameserver.jar)
              --dir=PATH              parent of the run's temp dir (default java.io.tmpdir); deleted at the end
              --keep-dir              keep the temp dir (both NameServers' logs) instead of deleting it
              --markdown=PATH         also append the results as Markdown tables to PATH
            """;

    final boolean quick;
    final Duration measure;
    final Duration ramp;
    final Duration warmup;
    final int repeat;
    final int[] threads;
    final List<String> drivers;
    final int brokers;
    final int topics;
    final int queues;
    final Duration keepAlive;
    final int verifySample;
    final List<String> serverJvm;
    final Path kitemqJar;
    final Path dir;
    final boolean keepDir;
    final Path markdown;

    private NameServerBenchOptions(BenchFlags f) {
        quick = f.quick();
        measure = f.seconds("seconds", "10", "2");
        ramp = f.seconds("ramp-seconds", "1", "0.5");
        warmup = f.seconds("warmup-seconds", "10", "1");
        repeat = f.positiveInt("repeat", quick ? "1" : "3");
        threads = f.positiveInts("threads", "1,4,16");
        drivers = List.of(f.take("drivers", String.join(",", DRIVERS))
                .toLowerCase(Locale.ROOT)
                .split(","));
        for (String d : drivers) {
            if (!DRIVERS.contains(d)) {
                throw new IllegalArgumentException("unknown driver '" + d + "'; drivers are " + DRIVERS);
            }
        }
        brokers = f.positiveInt("brokers", "10");
        topics = f.positiveInt("topics", "1000");
        queues = f.positiveInt("queues", "8");
        keepAlive = f.seconds("keepalive-seconds", "20", "20");
        verifySample = f.positiveInt("verify-sample", "100");
        serverJvm = f.words("server-jvm", "-Xms256m -Xmx256m -XX:+UseG1GC");
        kitemqJar = f.path("kitemq-jar", System.getProperty("kitemq.nameserver.jar"));
        dir = f.path("dir", null);
        keepDir = f.bool("keep-dir");
        markdown = f.path("markdown", null);
        f.requireAllTaken();
    }

    static NameServerBenchOptions parse(String... args) {
        return new NameServerBenchOptions(BenchFlags.parse(args));
    }

    static boolean wantsHelp(String... args) {
        return BenchFlags.wantsHelp(args);
    }

    /** The settings, for the report header. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "%d brokers x %d topics x %d queues | %.1f s per case after %.1f s ramp, warm-up %.1f s per NameServer"
                        + " and driver, repeat %d%s | threads %s | drivers %s | keep-alive every %d s | server JVM: %s",
                brokers,
                topics,
                queues,
                measure.toMillis() / 1000.0,
                ramp.toMillis() / 1000.0,
                warmup.toMillis() / 1000.0,
                repeat,
                quick ? " (quick)" : "",
                Arrays.toString(threads),
                drivers,
                keepAlive.toSeconds(),
                String.join(" ", serverJvm));
    }
}
