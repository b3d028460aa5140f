package io.kitemq.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * {@link BrokerBenchmark}'s tables: the cases side by side (medians over runs) with ratios, the broker's memory
 * per phase, the "Must" lines checked, and the setup. Cells holding two figures read
 * "KiteMQ / RocketMQ".
 */
final class BrokerBenchReport {

    private static final String OURS = BrokerCluster.OUR_LABEL;
    private static final String THEIRS = BrokerCluster.RMQ_LABEL;
    private static final double AIM = 1.3;

    private final BrokerBenchOptions options;
    private final List<BrokerBenchmark.SystemRun> ours;
    private final List<BrokerBenchmark.SystemRun> theirs;
    private final Map<String, String> setup;
    private final List<ResultTable> tables = new ArrayList<>();
    private boolean failed;

    BrokerBenchReport(
            BrokerBenchOptions options, Map<String, List<BrokerBenchmark.SystemRun>> runs, Map<String, String> setup) {
        this.options = options;
        this.ours = runs.getOrDefault(OURS, List.of());
        this.theirs = runs.getOrDefault(THEIRS, List.of());
        this.setup = setup;
        tables.add(cases());
        tables.add(memory());
        tables.add(checks());
        tables.add(setupTable());
    }

    boolean failed() {
        return failed;
    }

    void print(PrintStream out) {
        tables.forEach(t -> t.print(out));
        if (failed) {
            out.println("\nFAILED: messages were lost or refused (see the 'failed' column and the checks)");
        }
    }

    void appendMarkdown(Path file, String header) throws IOException {
        StringBuilder md = new StringBuilder("\n### Broker benchmark: KiteMQ beside RocketMQ 5.5.0, flush "
                + options.flush + ", official client 5.5.0\n\n");
        for (String line : header.split("\n")) {
            md.append('`').append(line).append("`  \n");
        }
        tables.forEach(t -> t.appendMarkdown(md));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, md, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    // ------------------------------------------------------------------------------------------ tables

    private ResultTable cases() {
        ResultTable t = new ResultTable(
                String.format(
                        Locale.ROOT,
                        "Flush %s, official client 5.5.0, %d B bodies; median of %d run(s) (two-figure cells: %s / %s)",
                        options.flush,
                        options.bodyBytes,
                        options.repeat,
                        OURS,
                        THEIRS),
                "case",
                OURS + " msgs/s",
                THEIRS + " msgs/s",
                "ours/theirs",
                "p50 ms",
                "p99 ms",
                "p99.9 ms",
                "broker CPU us/msg",
                "broker CPU %",
                "driver CPU %",
                "failed",
                "Must");
        t.add(
                "idle, after the warm-up",
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                pair(
                        results(ours, BrokerBenchmark.SystemRun::idle),
                        results(theirs, BrokerBenchmark.SystemRun::idle),
                        CpuSample::serverPercent,
                        0),
                "-",
                "-",
                "-");
        for (int threads : options.threads) {
            Function<BrokerBenchmark.SystemRun, SendLoad.Result> r =
                    run -> run.sync().get(threads);
            addSend(t, "sync send, " + threads + " threads", r, true);
        }
        addSend(t, "backlog fill, " + options.backlogThreads + " threads", BrokerBenchmark.SystemRun::fill, false);
        addDrain(t);
        addRest(t);
        t.note("sync send: DefaultMQProducer.send(Message) returning SEND_OK, every call timed; ours/theirs is"
                + " msgs/s; Must = throughput >= theirs and p99 <= theirs (drain: throughput). backlog fill: the"
                + " backlog stored by sync sends (not a Must case). push drain: DefaultMQPushConsumer, new group,"
                + " CONSUME_FROM_FIRST_OFFSET, from start() until every stored message reached the listener (the"
                + " client's start-up and first rebalance included; the row below leaves them out); 'failed' ="
                + " messages never delivered.");
        t.note("broker CPU: user+sys time of the broker process over the case (100% = one core of "
                + Runtime.getRuntime().availableProcessors() + "); driver CPU: this JVM (client). The NameServer is"
                + " idle during the cases. idle: 3 s without load after the warm-up. RocketMQ 5.5.0's"
                + " TransactionFlushService thread busy-spins one core until its first metrics flush, 10 s after start"
                + " (and whenever woken early; apache/rocketmq#10515, fixed after 5.5.0): the warm-up should cover that"
                + (options.reniceTheirSpin
                        ? "; this run reniced it to 19 (--renice-their-spin)."
                        : "; as shipped here" + " (--renice-their-spin runs it at nice 19)."));
        return t;
    }

    private void addSend(
            ResultTable t, String name, Function<BrokerBenchmark.SystemRun, SendLoad.Result> pick, boolean must) {
        List<SendLoad.Result> a = results(ours, pick);
        List<SendLoad.Result> b = results(theirs, pick);
        long failedA = a.stream().mapToLong(SendLoad.Result::failed).sum();
        long failedB = b.stream().mapToLong(SendLoad.Result::failed).sum();
        failed |= !must && failedA + failedB > 0; // a backlog with holes makes the drain meaningless
        double rateA = median(a, SendLoad.Result::perSecond);
        double rateB = median(b, SendLoad.Result::perSecond);
        double p99A = median(a, r -> r.latency().percentileMicros(0.99));
        double p99B = median(b, r -> r.latency().percentileMicros(0.99));
        t.add(
                name,
                count(rateA),
                count(rateB),
                ratio(rateA, rateB),
                ms(a, b, 0.50),
                ms(a, b, 0.99),
                ms(a, b, 0.999),
                pair(a, b, r -> r.cpu().serverMicrosPer(r.ok()), 1),
                pair(a, b, r -> r.cpu().serverPercent(), 0),
                pair(a, b, r -> r.cpu().driverPercent(), 0),
                failedA + " / " + failedB,
                must ? verdict(rateA, rateB, p99A, p99B) : "-");
    }

    private void addDrain(ResultTable t) {
        List<BacklogDrain.Result> a = results(ours, BrokerBenchmark.SystemRun::drain);
        List<BacklogDrain.Result> b = results(theirs, BrokerBenchmark.SystemRun::drain);
        long missingA =
                a.stream().mapToLong(r -> options.backlog - r.distinct()).sum();
        long missingB =
                b.stream().mapToLong(r -> options.backlog - r.distinct()).sum();
        long bad = a.stream().mapToLong(BacklogDrain.Result::badBodies).sum()
                + b.stream().mapToLong(BacklogDrain.Result::badBodies).sum();
        failed |= missingA + missingB + bad > 0;
        double rateA = median(a, BacklogDrain.Result::perSecond);
        double rateB = median(b, BacklogDrain.Result::perSecond);
        t.add(
                String.format(Locale.ROOT, "push drain of %,d (batch %d)", options.backlog, options.consumeBatch),
                count(rateA),
                count(rateB),
                ratio(rateA, rateB),
                "-",
                "-",
                "-",
                pair(a, b, r -> r.cpu().serverMicrosPer(r.distinct()), 1),
                pair(a, b, r -> r.cpu().serverPercent(), 0),
                pair(a, b, r -> r.cpu().driverPercent(), 0),
                missingA + " / " + missingB + (bad == 0 ? "" : ", " + bad + " bad bodies"),
                verdict(rateA, rateB, 0, 0));
        double steadyA = median(a, BacklogDrain.Result::perSecondFromFirst);
        double steadyB = median(b, BacklogDrain.Result::perSecondFromFirst);
        t.add(
                "  the same, from the first message",
                count(steadyA),
                count(steadyB),
                ratio(steadyA, steadyB),
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                "first after " + pair(a, b, r -> r.firstMessageNanos() / 1e6, 0) + " ms",
                "-");
    }

    private void addRest(ResultTable t) {
        List<RestBatchLoad.Result> a = results(ours, BrokerBenchmark.SystemRun::rest);
        if (a.isEmpty()) {
            return;
        }
        long failedA = a.stream().mapToLong(RestBatchLoad.Result::failed).sum();
        failed |= failedA > 0;
        t.add(
                String.format(
                        Locale.ROOT,
                        "REST batch %d x %d B, %d clients",
                        options.restBatch,
                        options.bodyBytes,
                        options.restClients),
                count(median(a, RestBatchLoad.Result::perSecond)),
                "n/a",
                "-",
                Units.fixed(median(a, r -> r.latency().percentileMicros(0.50) / 1000), 2) + " / -",
                Units.fixed(median(a, r -> r.latency().percentileMicros(0.99) / 1000), 2) + " / -",
                Units.fixed(median(a, r -> r.latency().percentileMicros(0.999) / 1000), 2) + " / -",
                Units.fixed(median(a, r -> r.cpu().serverMicrosPer(r.messages())), 1) + " / -",
                Units.fixed(median(a, r -> r.cpu().serverPercent()), 0) + " / -",
                Units.fixed(median(a, r -> r.cpu().driverPercent()), 0) + " / -",
                failedA + " requests / -",
                "(report)");
    }

    private ResultTable memory() {
        ResultTable t = new ResultTable(
                "Broker memory (MiB) after each phase, /proc/<pid>/status, no GC forced (cells: " + OURS + " / "
                        + THEIRS + ")",
                "after",
                "VmRSS",
                "VmHWM",
                "RssAnon",
                "RssFile",
                "threads");
        List<String> phases = new ArrayList<>();
        for (BrokerBenchmark.SystemRun run : concat(ours, theirs)) {
            run.memory().stream()
                    .map(BrokerBenchmark.Memory::phase)
                    .filter(p -> !phases.contains(p))
                    .forEach(phases::add);
        }
        for (String phase : phases) {
            t.add(
                    phase,
                    mem(phase, ServerProcessProbe.Resident::rss),
                    mem(phase, ServerProcessProbe.Resident::hwm),
                    mem(phase, ServerProcessProbe.Resident::anon),
                    mem(phase, ServerProcessProbe.Resident::file),
                    fixedPair(memMedian(ours, phase, r -> r.threads()), memMedian(theirs, phase, r -> r.threads()), 0));
        }
        t.note("RssAnon: heap (all of it if pre-touched), stacks, direct buffers; RssFile: mapped CommitLog and"
                + " queue pages now in memory, plus the JVM's own files. VmHWM: the peak of VmRSS so far.");
        return t;
    }

    private ResultTable checks() {
        ResultTable t = new ResultTable("The issue's Must lines", "check", OURS, THEIRS, "verdict").textColumns();
        if (ours.isEmpty() || theirs.isEmpty()) {
            t.note("only one system ran: nothing to compare");
            return t;
        }
        List<String> rateA = new ArrayList<>();
        List<String> rateB = new ArrayList<>();
        List<String> p99A = new ArrayList<>();
        List<String> p99B = new ArrayList<>();
        boolean faster = true;
        boolean lower = true;
        double minRatio = Double.MAX_VALUE;
        for (int threads : options.threads) {
            double a = median(results(ours, r -> r.sync().get(threads)), SendLoad.Result::perSecond);
            double b = median(results(theirs, r -> r.sync().get(threads)), SendLoad.Result::perSecond);
            double la = median(
                    results(ours, r -> r.sync().get(threads)), r -> r.latency().percentileMicros(0.99));
            double lb = median(
                    results(theirs, r -> r.sync().get(threads)),
                    r -> r.latency().percentileMicros(0.99));
            rateA.add(count(a));
            rateB.add(count(b));
            p99A.add(Units.fixed(la / 1000, 2));
            p99B.add(Units.fixed(lb / 1000, 2));
            faster &= a >= b;
            lower &= la <= lb;
            minRatio = Math.min(minRatio, b == 0 ? 0 : a / b);
        }
        String threads = threadList();
        t.add("sync send msgs/s >= theirs (" + threads + " threads)", join(rateA), join(rateB), pass(faster));
        t.add("sync send p99 ms <= theirs (" + threads + " threads)", join(p99A), join(p99B), pass(lower));
        double da = median(results(ours, BrokerBenchmark.SystemRun::drain), BacklogDrain.Result::perSecond);
        double db = median(results(theirs, BrokerBenchmark.SystemRun::drain), BacklogDrain.Result::perSecond);
        t.add("push drain msgs/s >= theirs", count(da), count(db), pass(da >= db));
        minRatio = Math.min(minRatio, db == 0 ? 0 : da / db);
        double hwmA = peak(ours, ServerProcessProbe.Resident::hwm);
        double hwmB = peak(theirs, ServerProcessProbe.Resident::hwm);
        t.add(
                "broker RSS <= 1/2 theirs (peak VmHWM up to 'drained', MiB)",
                Units.fixed(hwmA, 0),
                Units.fixed(hwmB, 0),
                pass(hwmA <= hwmB / 2) + " (" + Units.fixed(hwmB <= 0 ? -1 : hwmA / hwmB, 2) + "x)");
        double anonA = peak(ours, ServerProcessProbe.Resident::anon);
        double anonB = peak(theirs, ServerProcessProbe.Resident::anon);
        t.add(
                "  (other reading, not the Must: peak RssAnon up to 'drained', mapped files left out, MiB)",
                Units.fixed(anonA, 0),
                Units.fixed(anonB, 0),
                (anonA <= anonB / 2 ? "would pass" : "would fail") + " ("
                        + Units.fixed(anonB <= 0 ? -1 : anonA / anonB, 2) + "x)");
        t.add(
                "aim: throughput >= 1.3x theirs (lowest ratio of the cases above)",
                Units.fixed(minRatio, 2) + "x",
                "",
                minRatio >= AIM ? "met" : "not met");
        return t;
    }

    private ResultTable setupTable() {
        ResultTable t = new ResultTable("Setup", "item", "value").textColumns();
        setup.forEach(t::add);
        t.add(
                "JVM flags",
                "RocketMQ's bin/runbroker.sh ships -server -Xms8g -Xmx8g, G1 (RegionSize 16m, ReservePercent 25,"
                        + " IHOP 30, SoftRefLRUPolicyMSPerMB 0), -XX:+AlwaysPreTouch, -XX:MaxDirectMemorySize=15g,"
                        + " -XX:-UseLargePages -XX:-UseBiasedLocking, a GC log: scaled here to a 1 GiB heap and 2 GiB"
                        + " direct memory, pre-touch kept (its whole heap is resident from the start). Ours ships as"
                        + " plain java -jar: the same heap size, no pre-touch. Both NameServers: "
                        + String.join(" ", options.nameServerJvm));
        t.add(
                "producer",
                "one DefaultMQProducer shared by all threads, group " + BrokerBenchmark.PRODUCER_GROUP
                        + ", defaults (sendMsgTimeout 3 s, 2 retries, no compression under 4 KiB, no VIP channel);"
                        + " topics created with " + options.queues + " read/write queues");
        t.add(
                "push consumer",
                "DefaultMQPushConsumer, CLUSTERING, CONSUME_FROM_FIRST_OFFSET, consumeThreadMin/Max "
                        + BacklogDrain.CONSUME_THREADS + ", pullBatchSize " + BacklogDrain.PULL_BATCH
                        + ", consumeMessageBatchMaxSize " + options.consumeBatch
                        + ", other settings default (pullThresholdForQueue 1000)");
        t.add(
                "driver JVM",
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        t.add(
                "order",
                "one system at a time, each started fresh in its own temp dir and deleted after it stopped; "
                        + String.join(", then ", options.systems)
                        + (options.repeat > 1 ? ", order reversed on every other run" : "")
                        + ". The client runs in this one JVM throughout, so it is JIT-warm for the second system;"
                        + " each system's own warm-up evens that out, and --repeat=2 alternates the order.");
        for (BrokerBenchmark.SystemRun run : concat(theirs, ours)) {
            t.add(
                    run.label() + " startup",
                    Units.fixed(run.startup().toMillis() / 1000.0, 1) + " s (NameServer + Broker)");
        }
        return t;
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static <T> List<T> results(
            List<BrokerBenchmark.SystemRun> runs, Function<BrokerBenchmark.SystemRun, T> pick) {
        return runs.stream().map(pick).filter(Objects::nonNull).toList();
    }

    private static List<BrokerBenchmark.SystemRun> concat(
            List<BrokerBenchmark.SystemRun> a, List<BrokerBenchmark.SystemRun> b) {
        List<BrokerBenchmark.SystemRun> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Median, or -1 (shown as n/a) when the system did not run. */
    private static <T> double median(List<T> runs, ToDoubleFunction<T> metric) {
        return runs.isEmpty() ? -1 : Units.median(runs, metric);
    }

    private static <T> String pair(List<T> a, List<T> b, ToDoubleFunction<T> metric, int decimals) {
        return fixedPair(median(a, metric), median(b, metric), decimals);
    }

    private static String fixedPair(double a, double b, int decimals) {
        return Units.fixed(a, decimals) + " / " + Units.fixed(b, decimals);
    }

    private static String ms(List<SendLoad.Result> a, List<SendLoad.Result> b, double quantile) {
        return pair(a, b, r -> r.latency().percentileMicros(quantile) / 1000, 2);
    }

    private String mem(String phase, ToDoubleFunction<ServerProcessProbe.Resident> field) {
        return fixedPair(
                Units.mib((long) memMedian(ours, phase, field)), Units.mib((long) memMedian(theirs, phase, field)), 1);
    }

    private static double memMedian(
            List<BrokerBenchmark.SystemRun> runs, String phase, ToDoubleFunction<ServerProcessProbe.Resident> field) {
        List<ServerProcessProbe.Resident> seen = runs.stream()
                .flatMap(r -> r.memory().stream())
                .filter(m -> m.phase().equals(phase))
                .map(BrokerBenchmark.Memory::resident)
                .toList();
        return median(seen, field);
    }

    /**
     * Median over runs of the highest {@code field} seen after the phases both systems ran (not after our REST
     * phase, which stores more), MiB.
     */
    private static double peak(
            List<BrokerBenchmark.SystemRun> runs, ToDoubleFunction<ServerProcessProbe.Resident> field) {
        return Units.mib((long) median(
                runs,
                r -> r.memory().stream()
                        .filter(m -> !m.phase().equals(BrokerBenchmark.REST_PHASE))
                        .mapToDouble(m -> field.applyAsDouble(m.resident()))
                        .max()
                        .orElse(-1)));
    }

    private static String count(double v) {
        return v < 0 ? "n/a" : Units.count(v);
    }

    private static String ratio(double a, double b) {
        return a < 0 || b <= 0 ? "-" : Units.fixed(a / b, 2);
    }

    private String verdict(double rateA, double rateB, double p99A, double p99B) {
        if (rateA < 0 || rateB < 0) {
            return "n/a";
        }
        List<String> misses = new ArrayList<>();
        if (rateA < rateB) {
            misses.add("slower");
        }
        if (p99A > p99B) {
            misses.add("p99");
        }
        return misses.isEmpty() ? "PASS" : "FAIL: " + String.join(", ", misses);
    }

    private static String pass(boolean ok) {
        return ok ? "PASS" : "FAIL";
    }

    private String threadList() {
        StringBuilder b = new StringBuilder();
        for (int t : options.threads) {
            b.append(b.length() == 0 ? "" : ", ").append(t);
        }
        return b.toString();
    }

    private static String join(List<String> values) {
        return String.join("; ", values);
    }
}
