package io.kitemq.bench;

import io.kitemq.peer.RocketMqPeer;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.BrokerData;
import io.kitemq.protocol.body.QueueData;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.body.TopicRouteData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.rocketmq.common.MQVersion;

/**
 * GET_ROUTEINFO_BY_TOPIC throughput of our NameServer beside the official Apache RocketMQ 5.5.0 NameServer, in
 * the same run. Not JMH: both servers are separate JVMs with the same heap flags — ours from its Boot jar
 * ({@link KiteMqNameServerProcess}), theirs through {@link RocketMqPeer} — and this JVM drives them over
 * loopback.
 *
 * <ol>
 *   <li>Both NameServers start; each gets the same simulated brokers ({@link BrokerFleet}: by default 10
 *       masters × 1,000 topics × 8 queues), registered over our client, re-registered every 20 s.</li>
 *   <li>A sample of routes is checked through every driver: every broker and queue must be in it.</li>
 *   <li>After a warm-up per NameServer and driver, every case — driver × thread count × NameServer, the two
 *       NameServers alternating — runs a fixed time ({@link RouteLoad}); {@code --repeat} runs give medians.
 *       Drivers: our {@code RemotingClient} and the official {@code NettyRemotingClient}, so that neither
 *       client's cost decides the comparison alone.</li>
 *   <li>Each NameServer's heap after a full GC, metaspace, RSS and threads ({@link ServerProcessProbe}) are
 *       taken after start, after registration and after the lookups.</li>
 * </ol>
 * Both processes are killed (by pid) and the temp dir deleted at the end, also on failure. Client and servers
 * share the machine's cores, so the server and driver CPU columns say who was busy. Flags:
 * {@link NameServerBenchOptions#USAGE}.
 */
public final class NameServerBenchmark {

    private static final String OURS = "KiteMQ";
    private static final String THEIRS = "RocketMQ";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /** A running NameServer under test. */
    private record Server(String label, String address, long pid) {}

    /** Lookup results of one driver and thread count, per NameServer label. */
    private record Case(String driver, int threads) {}

    private final NameServerBenchOptions options;
    private final Path runDir;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<ResultTable> tables = new ArrayList<>();
    private final ResultTable memory = new ResultTable(
            "NameServer memory (MiB) after a full GC (jcmd GC.run)",
            "NameServer",
            "when",
            "heap used",
            "heap committed",
            "metaspace",
            "VmRSS",
            "VmHWM",
            "threads");
    private final Map<String, String> setup = new LinkedHashMap<>();
    private boolean failed;

    private NameServerBenchmark(NameServerBenchOptions options, Path runDir) {
        this.options = options;
        this.runDir = runDir;
    }

    public static void main(String[] args) throws Exception {
        if (NameServerBenchOptions.wantsHelp(args)) {
            System.out.print(NameServerBenchOptions.USAGE);
            return;
        }
        NameServerBenchOptions options;
        try {
            options = NameServerBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(NameServerBenchOptions.USAGE);
            System.exit(2);
            return;
        }
        Path parent = options.dir != null ? options.dir : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(parent);
        Path runDir = Files.createTempDirectory(parent.toAbsolutePath(), "kitemq-nsbench-");
        Thread cleanup = new Thread(() -> deleteUnlessKept(runDir, options), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        NameServerBenchmark bench = new NameServerBenchmark(options, runDir);
        try {
            bench.run();
        } catch (Exception | Error e) {
            bench.failed = true;
            e.printStackTrace();
            System.err.println("\nFAILED: " + e.getMessage()
                    + (options.keepDir ? "" : "\n(rerun with --keep-dir to keep both NameServers' logs)"));
        } finally {
            bench.closeAll();
            deleteUnlessKept(runDir, options);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        if (bench.failed) {
            System.exit(1);
        }
    }

    private void run() throws Exception {
        String header = header();
        System.out.println(header);
        BrokerFleet fleet = own(new BrokerFleet(options.brokers, options.topics, options.queues));
        List<Server> servers = start();
        servers.forEach(s -> takeMemory(s, "started"));

        for (Server s : servers) {
            Duration took = fleet.registerAll(s.address());
            setup.put(
                    "registration, " + s.label(), options.brokers + " x REGISTER_BROKER in " + took.toMillis() + " ms");
        }
        setup.put(
                "REGISTER_BROKER body",
                Units.size(fleet.brokers().get(0).body().length) + " of JSON per broker (plain, CRC32 set)");
        fleet.keepAlive(servers.stream().map(Server::address).toList(), options.keepAlive);

        Map<String, RouteDriver> drivers = new LinkedHashMap<>();
        for (String d : options.drivers) {
            drivers.put(d, own(RouteDriver.create(d)));
        }
        verify(servers, drivers.values(), fleet, "after registration");
        servers.forEach(s -> takeMemory(s, "registered"));

        for (RouteDriver d : drivers.values()) {
            for (Server s : servers) {
                new RouteLoad(d, s.address(), fleet.topics(), s.pid()).run(4, Duration.ZERO, options.warmup);
            }
        }
        Map<Case, Map<String, List<RouteLoad.Result>>> results = measure(servers, drivers, fleet);

        verify(servers, drivers.values(), fleet, "after the lookups");
        servers.forEach(s -> takeMemory(s, "after lookups"));
        setup.put(
                "broker re-registrations",
                fleet.heartbeatsSent() + " sent during the run, every "
                        + options.keepAlive.toSeconds() + " s per broker and NameServer"
                        + (fleet.heartbeatFailure() == null ? "" : "; first failure: " + fleet.heartbeatFailure()));
        report(header, results);
    }

    /** Launches ours, starts theirs meanwhile, then waits for ours. */
    private List<Server> start() {
        Path jar = KiteMqNameServerProcess.findJar(options.kitemqJar);
        KiteMqNameServerProcess ours = own(KiteMqNameServerProcess.launch(jar, dirOf("kitemq"), options.serverJvm));
        RocketMqPeer theirs = own(RocketMqPeer.startNameServer(dirOf("rocketmq"), options.serverJvm));
        ours.awaitReady(START_TIMEOUT);
        setup.put("our NameServer", jar.getFileName() + ", pid " + ours.pid() + ", " + ours.address());
        setup.put(
                "official NameServer",
                "Apache RocketMQ " + MQVersion.getVersionDesc(MQVersion.CURRENT_VERSION) + " (" + RocketMqPeer.libDir()
                        + "), pid " + theirs.pid() + ", " + theirs.address());
        return List.of(
                new Server(OURS, ours.address(), ours.pid()), new Server(THEIRS, theirs.address(), theirs.pid()));
    }

    private Map<Case, Map<String, List<RouteLoad.Result>>> measure(
            List<Server> servers, Map<String, RouteDriver> drivers, BrokerFleet fleet) throws InterruptedException {
        Map<Case, Map<String, List<RouteLoad.Result>>> results = new LinkedHashMap<>();
        for (int r = 0; r < options.repeat; r++) {
            List<Server> order = new ArrayList<>(servers);
            if (r % 2 == 1) {
                Collections.reverse(order); // alternate who goes first
            }
            for (RouteDriver d : drivers.values()) {
                for (int threads : options.threads) {
                    Map<String, List<RouteLoad.Result>> byServer =
                            results.computeIfAbsent(new Case(d.name(), threads), c -> new HashMap<>());
                    for (Server s : order) {
                        RouteLoad.Result result = new RouteLoad(d, s.address(), fleet.topics(), s.pid())
                                .run(threads, options.ramp, options.measure);
                        byServer.computeIfAbsent(s.label(), l -> new ArrayList<>())
                                .add(result);
                        System.out.printf(
                                Locale.ROOT,
                                "  run %d/%d  %-8s driver  %2d threads  %-8s  %,10.0f lookups/s%s%n",
                                r + 1,
                                options.repeat,
                                d.name(),
                                threads,
                                s.label(),
                                result.perSecond(),
                                result.errors() == 0
                                        ? ""
                                        : "  " + result.errors() + " errors, first: " + result.firstError());
                    }
                }
            }
        }
        return results;
    }

    /**
     * Asks every NameServer, through every driver, for the first, the last and a random sample of the topics:
     * each route must list every broker (master address only) and its queues.
     */
    private void verify(List<Server> servers, Iterable<RouteDriver> drivers, BrokerFleet fleet, String when)
            throws Exception {
        List<String> topics = fleet.topics();
        Random random = new Random(42);
        List<String> sample = new ArrayList<>(List.of(topics.get(0), topics.get(topics.size() - 1)));
        for (int i = 0; i < options.verifySample; i++) {
            sample.add(topics.get(random.nextInt(topics.size())));
        }
        Map<String, String> expected = fleet.brokers().stream()
                .collect(Collectors.toMap(BrokerFleet.Broker::name, BrokerFleet.Broker::address));
        for (Server s : servers) {
            for (RouteDriver d : drivers) {
                int bodyBytes = 0;
                for (String topic : sample) {
                    byte[] body = d.route(s.address(), topic);
                    bodyBytes = body.length;
                    String problem = check(BodyCodec.decode(body, TopicRouteData.class), expected, fleet.queues());
                    if (problem != null) {
                        throw new IllegalStateException(s.label() + " (driver " + d.name() + ") " + when + ": route of "
                                + topic + " " + problem + ":\n" + new String(body, StandardCharsets.UTF_8));
                    }
                }
                setup.put("route body, " + s.label(), Units.size(bodyBytes) + " of JSON");
            }
        }
        setup.put(
                "routes verified " + when,
                sample.size() + " topics per NameServer and driver, each listing all " + expected.size()
                        + " brokers with " + fleet.queues() + "+" + fleet.queues() + " queues");
    }

    /** Why {@code route} is not the expected one, or null if it is. */
    private static String check(TopicRouteData route, Map<String, String> expected, int queues) {
        Map<String, String> brokers = new HashMap<>();
        for (BrokerData b : route.brokerDatas()) {
            if (!BrokerFleet.CLUSTER.equals(b.cluster()) || b.brokerAddrs().size() != 1) {
                return "has broker " + b;
            }
            brokers.put(b.brokerName(), b.brokerAddrs().get(BrokerData.MASTER_ID));
        }
        if (route.brokerDatas().size() != expected.size() || !brokers.equals(expected)) {
            return "lists brokers " + new TreeSet<>(brokers.keySet()) + ", expected "
                    + new TreeSet<>(expected.keySet());
        }
        Set<String> queued = new TreeSet<>();
        for (QueueData q : route.queueDatas()) {
            if (q.readQueueNums() != queues || q.writeQueueNums() != queues || q.perm() != TopicConfig.DEFAULT_PERM) {
                return "has queues " + q;
            }
            queued.add(q.brokerName());
        }
        return route.queueDatas().size() == expected.size() && queued.equals(expected.keySet())
                ? null
                : "has queues on " + queued + ", expected " + new TreeSet<>(expected.keySet());
    }

    private void takeMemory(Server s, String when) {
        ServerProcessProbe.Memory m = ServerProcessProbe.afterFullGc(s.pid());
        memory.add(
                s.label(),
                when,
                mib(m.heapUsed()),
                mib(m.heapCommitted()),
                mib(m.metaspaceUsed()),
                mib(m.rss()),
                mib(m.hwm()),
                m.threads());
    }

    // ------------------------------------------------------------------------------------------ output

    private void report(String header, Map<Case, Map<String, List<RouteLoad.Result>>> results) throws IOException {
        ResultTable t = new ResultTable(
                String.format(
                        Locale.ROOT,
                        "GET_ROUTEINFO_BY_TOPIC over loopback, random topic of %,d, threads calling synchronously; median of %d x %.1f s"
                                + " (cells: %s / %s)",
                        options.topics,
                        options.repeat,
                        options.measure.toMillis() / 1000.0,
                        OURS,
                        THEIRS),
                "driver",
                "threads",
                OURS + " lookups/s",
                THEIRS + " lookups/s",
                "ours/theirs",
                "p50 us",
                "p99 us",
                "server CPU us/lookup",
                "server CPU %",
                "driver CPU %",
                "spread",
                "errors");
        for (Map.Entry<Case, Map<String, List<RouteLoad.Result>>> e : results.entrySet()) {
            List<RouteLoad.Result> ours = e.getValue().get(OURS);
            List<RouteLoad.Result> theirs = e.getValue().get(THEIRS);
            double a = Units.median(ours, RouteLoad.Result::perSecond);
            double b = Units.median(theirs, RouteLoad.Result::perSecond);
            long errors = ours.stream().mapToLong(RouteLoad.Result::errors).sum();
            long theirErrors =
                    theirs.stream().mapToLong(RouteLoad.Result::errors).sum();
            failed |= errors + theirErrors > 0;
            t.add(
                    e.getKey().driver(),
                    e.getKey().threads(),
                    Units.count(a),
                    Units.count(b),
                    b == 0 ? "n/a" : Units.fixed(a / b, 2),
                    pair(ours, theirs, r -> r.latency().percentileMicros(0.50), 0),
                    pair(ours, theirs, r -> r.latency().percentileMicros(0.99), 0),
                    pair(ours, theirs, RouteLoad.Result::serverCpuMicrosPerLookup, 1),
                    pair(ours, theirs, RouteLoad.Result::serverCpuPercent, 0),
                    pair(ours, theirs, RouteLoad.Result::driverCpuPercent, 0),
                    Units.spread(ours, RouteLoad.Result::perSecond) + " / "
                            + Units.spread(theirs, RouteLoad.Result::perSecond),
                    errors + " / " + theirErrors);
        }
        t.note("server CPU: user+sys time of the NameServer process during the measured window (100% = one core);"
                + " driver CPU: this JVM (" + Runtime.getRuntime().availableProcessors() + " cores shared by all three"
                + " processes). p50/p99: call latency seen by the driver. spread: (max - min) / 2 / median over runs.");
        tables.add(t);
        t.print(System.out);
        memory.note(
                "heap used/committed and metaspace from jcmd GC.heap_info right after jcmd GC.run; VmRSS, VmHWM"
                        + " and threads from /proc/<pid>/status. Ours is the Boot jar (Spring Boot, WebFlux, actuator) as shipped.");
        tables.add(memory);
        memory.print(System.out);
        ResultTable s = new ResultTable("Setup and checks", "item", "value").textColumns();
        setup.forEach(s::add);
        tables.add(s);
        s.print(System.out);
        if (failed) {
            System.out.println("\nFAILED: some lookups did not succeed (see the errors column)");
        }
        if (options.markdown != null) {
            writeMarkdown(header);
            System.out.println("\nappended Markdown to " + options.markdown.toAbsolutePath());
        }
    }

    private String header() {
        return String.format(
                Locale.ROOT,
                "KiteMQ NameServer benchmark %s | %d cores | Java %s %s | run dir %s%n%s",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"),
                System.getProperty("java.vm.name"),
                runDir,
                options.describe());
    }

    /** "ours / theirs" medians of {@code metric}; n/a where it is unknown. */
    private static String pair(
            List<RouteLoad.Result> ours,
            List<RouteLoad.Result> theirs,
            ToDoubleFunction<RouteLoad.Result> metric,
            int decimals) {
        return Units.fixed(Units.median(ours, metric), decimals) + " / "
                + Units.fixed(Units.median(theirs, metric), decimals);
    }

    private void writeMarkdown(String header) throws IOException {
        StringBuilder md =
                new StringBuilder("\n### NameServer benchmark: GET_ROUTEINFO_BY_TOPIC, KiteMQ beside RocketMQ\n\n");
        for (String line : header.split("\n")) {
            md.append("`").append(line).append("`  \n");
        }
        tables.forEach(t -> t.appendMarkdown(md));
        Path parent = options.markdown.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(
                options.markdown, md, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String mib(long bytes) {
        return Units.fixed(Units.mib(bytes), 1);
    }

    // ------------------------------------------------------------------------------------------ resources

    private Path dirOf(String name) {
        return runDir.resolve(name);
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Closes drivers, brokers and NameServers, newest first; reports what would not close. */
    private void closeAll() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("could not close " + resources.get(i) + ": " + e);
            }
        }
        resources.clear();
    }

    private static void deleteUnlessKept(Path runDir, NameServerBenchOptions options) {
        if (options.keepDir) {
            System.out.println("kept " + runDir);
        } else {
            StoreBenchmark.deleteTree(runDir);
        }
    }
}
