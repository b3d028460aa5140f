package io.kitemq.bench;

import io.kitemq.store.FlushMode;
import io.kitemq.store.MessageStore;
import io.kitemq.store.StoreConfig;
import io.kitemq.store.StoreMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Sustained throughput of the {@link MessageStore} over GiBs, beside what the same disk does with plain
 * Java I/O in the same run. Not JMH: each case writes or reads a volume once (or {@code --repeat} times,
 * reporting medians) and is timed with {@link System#nanoTime()}.
 *
 * <p>Phases, each selectable with {@code --phases}:
 * <ol>
 *   <li><b>disk</b>: sequential write bandwidth (page cache then force; O_DIRECT) and 4 KiB durable writes
 *       per second ({@link DiskBaseline}), and a bare group commit with the SYNC phase's callback writers
 *       ({@link GroupCommitCeiling});</li>
 *   <li><b>async</b>: ASYNC appends per body size and writer count, one queue per writer ({@link AppendLoad});</li>
 *   <li><b>sync</b>: SYNC appends of 1 KiB bodies with 1, 16 and 64 writers — group commit at work;</li>
 *   <li><b>read</b>: a backlog read back through {@link MessageStore#get} from offset 0 ({@link QueueScan}).</li>
 * </ol>
 * Every store case opens a fresh store in its own directory under the run's temp dir and deletes it
 * afterwards; the temp dir goes at the end (also on Ctrl-C). Heap peaks and RSS are reported per case
 * and per phase ({@link MemoryProbe}). Run with {@code -Xmx512m}: the store must not need heap
 * proportional to its data. Flags: {@link StoreBenchOptions#USAGE}.
 */
public final class StoreBenchmark {

    private static final String TOPIC = "BenchTopic";
    private static final Duration DISPATCH_TIMEOUT = Duration.ofMinutes(10);

    /** What one store case did; memory figures are taken at its end with the store still open. */
    private record StoreRun(
            AppendLoad.Result load,
            long logBytes,
            long dispatchLagNanos,
            long segments,
            long flushes,
            long flushNanos,
            long peakHeap,
            long liveHeap,
            MemoryProbe.Process process) {

        double logMbPerSecond() {
            return Units.mbPerSecond(logBytes, load.nanos());
        }
    }

    @FunctionalInterface
    private interface StoreWork {
        /** Runs the case; calls {@code measureFromHere} when what came before was warm-up (optional). */
        AppendLoad.Result run(MessageStore store, Runnable measureFromHere) throws Exception;
    }

    /** Counts CommitLog fsyncs that flushed something. */
    private static final class FlushCounter implements StoreMetrics {
        final LongAdder flushes = new LongAdder();
        final LongAdder flushNanos = new LongAdder();

        @Override
        public void flushed(long bytes, long latencyNanos) {
            if (bytes > 0) {
                flushes.increment();
                flushNanos.add(latencyNanos);
            }
        }

        void reset() {
            flushes.reset();
            flushNanos.reset();
        }
    }

    /** The worst memory figures of one phase. */
    private final class PhaseMemory {
        long peakHeap;
        long liveHeap;
        long rss;
        long rssAnon;
        long rssFile;

        void add(long peak, long live, MemoryProbe.Process p) {
            peakHeap = Math.max(peakHeap, peak);
            liveHeap = Math.max(liveHeap, live);
            rss = Math.max(rss, p.rss());
            rssAnon = Math.max(rssAnon, p.rssAnon());
            rssFile = Math.max(rssFile, p.rssFile());
        }

        void report(String phase) {
            MemoryProbe.Process now = MemoryProbe.process();
            memory.add(
                    phase,
                    mib(peakHeap),
                    mib(liveHeap),
                    mib(rss),
                    mib(rssAnon),
                    mib(rssFile),
                    mib(now.rss()),
                    mib(now.hwm()));
        }
    }

    private final StoreBenchOptions options;
    private final Path runDir;
    private final MemoryProbe probe;
    private final List<ResultTable> tables = new ArrayList<>();
    private final ResultTable memory = new ResultTable(
            "Memory per phase (MiB)",
            "phase",
            "peak heap",
            "live heap",
            "max VmRSS",
            "max RssAnon",
            "max RssFile",
            "VmRSS at end",
            "VmHWM at end");
    private final Map<String, String> summary = new LinkedHashMap<>();
    private int stores;
    private boolean warmedUp;

    private StoreBenchmark(StoreBenchOptions options, Path runDir, MemoryProbe probe) {
        this.options = options;
        this.runDir = runDir;
        this.probe = probe;
        memory.note("peak heap: highest used heap sampled every 2 ms (garbage included); live heap: used heap after"
                + " a full GC at the end of a case, store open; RSS figures at the end of a case, store open."
                + " RssFile is mapped CommitLog pages (page cache, grows with the data); RssAnon is what the process"
                + " allocated itself. Max heap " + Units.size(probe.maxHeap()) + ".");
    }

    public static void main(String[] args) throws Exception {
        if (StoreBenchOptions.wantsHelp(args)) {
            System.out.print(StoreBenchOptions.USAGE);
            return;
        }
        StoreBenchOptions options;
        try {
            options = StoreBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(StoreBenchOptions.USAGE);
            System.exit(2);
            return;
        }
        Path parent = options.dir != null
                ? options.dir
                : Files.isDirectory(Path.of("target")) ? Path.of("target") : Path.of("/tmp");
        Files.createDirectories(parent);
        Path runDir = Files.createTempDirectory(parent.toAbsolutePath(), "kitemq-storebench-");
        Thread cleanup = new Thread(() -> deleteTree(runDir), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try (MemoryProbe probe = new MemoryProbe()) {
            new StoreBenchmark(options, runDir, probe).run();
        } finally {
            deleteTree(runDir);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private void run() throws Exception {
        String header = header();
        System.out.println(header);
        long start = System.nanoTime();
        if (options.runs("disk")) {
            disk();
        }
        if (options.runs("async")) {
            async();
        }
        if (options.runs("sync")) {
            sync();
        }
        if (options.runs("read")) {
            read();
        }
        summary.put(
                "peak heap over the run",
                Units.fixed(Units.mib(probe.overallPeakHeap()), 0) + " MiB of " + Units.size(probe.maxHeap()));
        MemoryProbe.Process end = MemoryProbe.process();
        summary.put(
                "VmHWM / VmRSS at end",
                Units.fixed(Units.mib(end.hwm()), 0) + " / " + Units.fixed(Units.mib(end.rss()), 0) + " MiB");
        summary.put("wall time", Units.fixed((System.nanoTime() - start) / 1e9, 1) + " s");
        tables.add(memory);
        memory.print(System.out);
        ResultTable summaryTable = new ResultTable("Summary", "metric", "value");
        summary.forEach(summaryTable::add);
        tables.add(summaryTable);
        summaryTable.print(System.out);
        if (options.markdown != null) {
            writeMarkdown(header);
            System.out.println("\nappended Markdown to " + options.markdown.toAbsolutePath());
        }
    }

    private String header() throws IOException {
        String fs = Files.getFileStore(runDir).type();
        return String.format(
                "KiteMQ store benchmark %s | %d cores | Java %s %s | max heap %s | dir %s (%s, store disk use %d%%)%n%s",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"),
                System.getProperty("java.vm.name"),
                Units.size(probe.maxHeap()),
                runDir,
                fs,
                diskUsePercent(),
                options.describe());
    }

    /** Disk use as the store's retention measures it (100 - usable/total). */
    private int diskUsePercent() throws IOException {
        var store = Files.getFileStore(runDir);
        return (int) (100 - store.getUsableSpace() * 100 / Math.max(1, store.getTotalSpace()));
    }

    // ------------------------------------------------------------------------------------------ disk

    /** Page-cache write rates measured by the disk phase (empty when it did not run). */
    private final List<DiskBaseline.Write> asFound = new ArrayList<>();

    private final List<DiskBaseline.Write> recycled = new ArrayList<>();

    private void disk() throws IOException {
        PhaseMemory mem = new PhaseMemory();
        probe.resetPeak();
        ResultTable seq = new ResultTable(
                "Disk: sequential write, " + Units.size(options.diskBlock) + " blocks",
                "mode",
                "volume",
                "MB/s incl. force",
                "MB/s before force",
                "force s",
                "spread");
        for (boolean direct : new boolean[] {false, true}) {
            List<DiskBaseline.Write> runs = new ArrayList<>();
            for (int r = 0; r < options.repeat; r++) {
                runs.add(DiskBaseline.sequentialWrite(
                        runDir.resolve("seq.dat"), options.diskVolume, options.diskBlock, direct));
            }
            String mode = direct ? "O_DIRECT (aligned direct buffer)" : "buffered (page cache), then force";
            if (runs.get(0).unsupported() != null) {
                seq.add(mode, "-", "n/a", "n/a", "n/a", "-");
                seq.note(mode + ": " + runs.get(0).unsupported());
                continue;
            }
            double mbs = Units.median(runs, DiskBaseline.Write::mbPerSecond);
            seq.add(
                    mode,
                    Units.size(runs.get(0).bytes()),
                    Units.fixed(mbs, 0),
                    Units.fixed(Units.median(runs, DiskBaseline.Write::writeOnlyMbPerSecond), 0),
                    Units.fixed(Units.median(runs, w -> (w.totalNanos() - w.writeNanos()) / 1e9), 2),
                    Units.spread(runs, DiskBaseline.Write::mbPerSecond));
            summary.put(
                    "disk sequential write, " + (direct ? "O_DIRECT" : "buffered + force"),
                    Units.fixed(mbs, 0) + " MB/s");
        }
        for (int r = 0; r < options.repeat; r++) {
            asFound.add(
                    DiskBaseline.pageCacheWrite(runDir.resolve("cache.dat"), options.diskVolume, options.diskBlock));
            recycled.add(
                    DiskBaseline.pageCacheWrite(runDir.resolve("cache.dat"), options.diskVolume, options.diskBlock));
        }
        for (boolean again : new boolean[] {false, true}) {
            List<DiskBaseline.Write> runs = again ? recycled : asFound;
            double mbs = Units.median(runs, DiskBaseline.Write::writeOnlyMbPerSecond);
            seq.add(
                    again ? "page cache only, second pass (memory the first freed)" : "page cache only, first pass",
                    Units.size(runs.get(0).bytes()),
                    "-",
                    Units.fixed(mbs, 0),
                    "-",
                    Units.spread(runs, DiskBaseline.Write::writeOnlyMbPerSecond));
            summary.put(
                    "disk page-cache write, " + (again ? "recycled memory" : "memory as found"),
                    Units.fixed(mbs, 0) + " MB/s");
        }
        seq.note("page cache only: buffered writes, file deleted unforced. The second pass reuses the pages the"
                + " first freed; on a VM that hands free memory back to its host, the first pays for the host"
                + " faulting fresh memory in, and that rate caps any writer into new page cache.");
        print(seq);
        ResultTable fsync = new ResultTable(
                "Disk: durable 4 KiB writes, one at a time, "
                        + Units.fixed(options.fsyncDuration.toMillis() / 1000.0, 1) + " s each",
                "mode",
                "fsyncs/s",
                "mean ms",
                "max ms",
                "spread");
        for (DiskBaseline.FsyncMode mode : DiskBaseline.FsyncMode.values()) {
            List<DiskBaseline.Fsyncs> runs = new ArrayList<>();
            for (int r = 0; r < options.repeat; r++) {
                runs.add(DiskBaseline.fsyncLoop(runDir.resolve("fsync.dat"), mode, options.fsyncDuration.toNanos()));
            }
            double rate = Units.median(runs, DiskBaseline.Fsyncs::perSecond);
            fsync.add(
                    mode.label,
                    Units.count(rate),
                    Units.fixed(Units.median(runs, DiskBaseline.Fsyncs::meanMillis), 3),
                    Units.fixed(Units.median(runs, f -> f.maxNanos() / 1e6), 2),
                    Units.spread(runs, DiskBaseline.Fsyncs::perSecond));
            summary.put("disk fsyncs/s, " + mode.label, Units.count(rate));
        }
        print(fsync);
        print(GroupCommitCeiling.table(runDir, options, TOPIC, summary));
        mem.add(probe.peakHeap(), probe.liveHeapAfterGc(), MemoryProbe.process());
        mem.report("disk");
    }

    // ------------------------------------------------------------------------------------------ store phases

    private void async() throws Exception {
        warmUp();
        PhaseMemory mem = new PhaseMemory();
        ResultTable t = new ResultTable(
                "ASYNC append (acknowledged once in the page cache), append().join() per message",
                "body",
                "writers",
                "page cache",
                "volume",
                "msgs/s",
                "body MB/s",
                "log MB/s",
                "spread",
                "dispatch lag s",
                "segments",
                "failed",
                "peak heap MiB",
                "RssAnon MiB");
        for (int body : options.asyncBodies) {
            for (int writers : options.asyncThreads) {
                boolean rollCase = body == 1024 && writers == 1;
                for (boolean recycle : rollCase ? new boolean[] {false, true} : new boolean[] {false}) {
                    asyncCase(t, mem, body, writers, rollCase ? options.asyncRollVolume : options.asyncVolume, recycle);
                }
            }
        }
        t.note("volume: body bytes written; log MB/s counts whole stored records (header, topic, properties)."
                + " dispatch lag: time after the last acknowledgement until ConsumeQueue entries caught up."
                + " segments: CommitLog files at the end (" + Units.size(options.segmentBytes) + " each).");
        t.note("page cache: 'as found' starts on whatever memory the machine has; 'recycled' first writes and deletes"
                + " a scratch file of the case's size, so the store's page cache reuses memory the guest just freed,"
                + " as on a long-running broker whose page cache is full (see the disk phase's page-cache rows).");
        print(t);
        mem.report("async");
    }

    private void asyncCase(ResultTable t, PhaseMemory mem, int body, int writers, long volume, boolean recycle)
            throws Exception {
        long perWriter = Math.max(1, volume / body / writers);
        List<StoreRun> runs = new ArrayList<>();
        List<DiskBaseline.Write> scratch = new ArrayList<>();
        for (int r = 0; r < options.repeat; r++) {
            if (recycle) { // the log's bytes plus headers, the next segment allocated ahead, and some slack
                long bytes = volume + volume / 4 + options.segmentBytes;
                scratch.add(DiskBaseline.pageCacheWrite(runDir.resolve("recycle.dat"), bytes, 1 << 20));
            }
            runs.add(runStore(
                    "async-" + body + "-" + writers,
                    FlushMode.ASYNC,
                    (s, measureFromHere) ->
                            new AppendLoad(s, TOPIC, body, options.uniqKey).runCount(writers, perWriter)));
        }
        double rate = Units.median(runs, run -> run.load().messagesPerSecond());
        double mbs = Units.median(runs, run -> run.load().bodyMbPerSecond());
        String cache = recycle
                ? "recycled (scratch at "
                        + Units.fixed(Units.median(scratch, DiskBaseline.Write::writeOnlyMbPerSecond), 0) + " MB/s)"
                : "as found";
        t.add(
                Units.size(body),
                writers,
                cache,
                Units.size(perWriter * writers * body),
                Units.count(rate),
                Units.fixed(mbs, 1),
                Units.fixed(Units.median(runs, StoreRun::logMbPerSecond), 1),
                Units.spread(runs, run -> run.load().messagesPerSecond()),
                Units.fixed(Units.median(runs, run -> run.dispatchLagNanos() / 1e9), 2),
                runs.get(0).segments(),
                runs.stream().mapToLong(run -> run.load().failed()).sum(),
                maxMib(runs, StoreRun::peakHeap),
                maxMib(runs, run -> run.process().rssAnon()));
        runs.forEach(run -> mem.add(run.peakHeap(), run.liveHeap(), run.process()));
        summary.put(
                "ASYNC " + Units.size(body) + " x " + writers + " writer" + (writers > 1 ? "s" : "")
                        + (recycle ? ", recycled page cache" : ""),
                Units.count(rate) + " msgs/s, " + Units.fixed(mbs, 1) + " MB/s of bodies");
        noteFailures(t, runs);
    }

    private void sync() throws Exception {
        warmUp();
        PhaseMemory mem = new PhaseMemory();
        ResultTable t = new ResultTable(
                "SYNC append (acknowledged after fsync, group commit), " + Units.size(options.syncBody) + " bodies, "
                        + Units.fixed(options.syncDuration.toMillis() / 1000.0, 1) + " s per case after "
                        + Units.fixed(options.syncWarmup.toMillis() / 1000.0, 1) + " s of warm-up on the same store",
                "writers",
                "threads",
                "msgs",
                "msgs/s",
                "MB/s",
                "spread",
                "fsyncs/s",
                "msgs/fsync",
                "fsync us",
                "fsync busy %",
                "mean latency ms",
                "failed",
                "peak heap MiB");
        for (AppendLoad.Threads kind : options.syncThreads) {
            syncCases(t, mem, kind);
        }
        t.note(
                "fsyncs/s and msgs/fsync count the group-commit flushes; fsync us is their mean duration and fsync busy %"
                        + " the share of the case spent inside one; mean latency = writers / rate (Little's law).");
        t.note("threads: the writers' kind. A platform writer parks and is woken by the kernel for every append;"
                + " virtual writers park and wake in the JVM, so with many writers on few cores the kernel's"
                + " context switches no longer bound the rate. A callback writer is one append in flight whose"
                + " completion hands its next append to a pool of request threads (one per core), as the broker's"
                + " send path does: nothing waits for a flush.");
        print(t);
        mem.report("sync");
    }

    /**
     * The SYNC cases for one kind of writer thread, one row per writer count, and their rate ratio. The writer
     * counts take turns within each repeat (1, 16, 64, 64, 16, 1, 1, 16, 64, ...), so each ratio compares runs made
     * side by side rather than minutes apart on this noisy machine; the ratio is given of the medians and per
     * repeat.
     */
    private void syncCases(ResultTable t, PhaseMemory mem, AppendLoad.Threads kind) throws Exception {
        Map<Integer, List<StoreRun>> byWriters = new LinkedHashMap<>();
        for (int writers : options.syncWriters) {
            byWriters.put(writers, new ArrayList<>());
        }
        for (int r = 0; r < options.repeat; r++) {
            for (int i = 0; i < options.syncWriters.length; i++) {
                // in reverse on odd repeats, so no count always runs right after the same other one
                int writers = options.syncWriters[r % 2 == 0 ? i : options.syncWriters.length - 1 - i];
                byWriters.get(writers).add(runStore("sync-" + writers, FlushMode.SYNC, (s, measureFromHere) -> {
                    AppendLoad load = new AppendLoad(s, TOPIC, options.syncBody, options.uniqKey, kind);
                    if (!options.syncWarmup.isZero()) {
                        load.runFor(writers, options.syncWarmup.toNanos());
                    }
                    measureFromHere.run();
                    return load.runFor(writers, options.syncDuration.toNanos());
                }));
            }
        }
        Map<Integer, Double> rates = new LinkedHashMap<>();
        for (int writers : options.syncWriters) {
            List<StoreRun> runs = byWriters.get(writers);
            double rate = Units.median(runs, run -> run.load().messagesPerSecond());
            rates.put(writers, rate);
            t.add(
                    writers,
                    kind.label(),
                    Units.count(Units.median(runs, run -> run.load().messages())),
                    Units.count(rate),
                    Units.fixed(Units.median(runs, run -> run.load().bodyMbPerSecond()), 1),
                    Units.spread(runs, run -> run.load().messagesPerSecond()),
                    Units.count(Units.median(
                            runs,
                            run -> Units.perSecond(run.flushes(), run.load().nanos()))),
                    Units.fixed(
                            Units.median(runs, run -> run.load().messages() / (double) Math.max(1, run.flushes())), 1),
                    Units.fixed(Units.median(runs, run -> run.flushNanos() / 1000.0 / Math.max(1, run.flushes())), 0),
                    Units.fixed(
                            Units.median(
                                    runs,
                                    run -> 100.0
                                            * run.flushNanos()
                                            / Math.max(1, run.load().nanos())),
                            0),
                    Units.fixed(rate == 0 ? -1 : writers * 1000.0 / rate, 2),
                    runs.stream().mapToLong(run -> run.load().failed()).sum(),
                    maxMib(runs, StoreRun::peakHeap));
            runs.forEach(run -> mem.add(run.peakHeap(), run.liveHeap(), run.process()));
            summary.put(
                    "SYNC " + Units.size(options.syncBody) + " x " + writers + " " + kind.label() + " writer"
                            + (writers > 1 ? "s" : ""),
                    Units.count(rate) + " msgs/s");
            noteFailures(t, runs);
        }
        int fewest = Arrays.stream(options.syncWriters).min().orElse(1);
        int most = Arrays.stream(options.syncWriters).max().orElse(1);
        if (most > fewest && rates.get(fewest) > 0) {
            String ratio = Units.fixed(rates.get(most) / rates.get(fewest), 1) + "x";
            Units.SideBySide paired = Units.sideBySide(
                    byWriters.get(most),
                    byWriters.get(fewest),
                    run -> run.load().messagesPerSecond());
            t.note("group commit, " + kind.label() + " threads: " + most + "-writer rate / " + fewest
                    + "-writer rate = " + ratio + " (of the medians); per repeat, side by side: " + paired.joined()
                    + " (median " + paired.median() + ")");
            summary.put("SYNC " + most + "-writer / " + fewest + "-writer rate, " + kind.label() + " threads", ratio);
            summary.put(
                    "SYNC " + most + "/" + fewest + " per repeat (median), " + kind.label() + " threads",
                    paired.median());
        }
    }

    private void read() throws Exception {
        warmUp();
        PhaseMemory mem = new PhaseMemory();
        ResultTable t = new ResultTable(
                "Sequential read of one queue from offset 0 through get(..., " + options.readBatch
                        + ", Integer.MAX_VALUE, ALL), every byte touched",
                "backlog",
                "msgs",
                "gets",
                "msgs/s",
                "MB/s",
                "spread",
                "peak heap MiB",
                "RssAnon MiB");
        Path dir = runDir.resolve("read-" + stores++);
        long messages = Math.max(1, options.readVolume / options.readBody);
        try (MessageStore store =
                MessageStore.open(config(dir, FlushMode.ASYNC), InstantSource.system(), StoreMetrics.NONE)) {
            AppendLoad.Result backlog =
                    new AppendLoad(store, TOPIC, options.readBody, options.uniqKey).runCount(1, messages);
            awaitDispatch(store);
            if (backlog.failed() > 0) {
                throw new IllegalStateException("backlog write failed: " + backlog.firstFailure());
            }
            List<QueueScan.Result> runs = new ArrayList<>();
            long peak = 0;
            for (int r = 0; r < options.repeat; r++) {
                probe.resetPeak();
                QueueScan.Result scan = QueueScan.scan(store, TOPIC, 0, options.readBatch);
                peak = Math.max(peak, probe.peakHeap());
                if (scan.messages() != messages) {
                    throw new IllegalStateException("read " + scan.messages() + " messages of " + messages);
                }
                runs.add(scan);
            }
            MemoryProbe.Process process = MemoryProbe.process();
            mem.add(peak, probe.liveHeapAfterGc(), process);
            double rate = Units.median(runs, QueueScan.Result::messagesPerSecond);
            double mbs = Units.median(runs, QueueScan.Result::mbPerSecond);
            t.add(
                    Units.size(messages * options.readBody) + " of " + Units.size(options.readBody),
                    Units.count(messages),
                    Units.count(runs.get(0).gets()),
                    Units.count(rate),
                    Units.fixed(mbs, 1),
                    Units.spread(runs, QueueScan.Result::mbPerSecond),
                    Units.fixed(Units.mib(peak), 0),
                    Units.fixed(Units.mib(process.rssAnon()), 0));
            t.note("MB/s counts whole records. The backlog was just written ("
                    + Units.count(backlog.messagesPerSecond())
                    + " msgs/s): the scan reads the page cache, not the disk. checksum "
                    + Long.toHexString(runs.get(0).checksum()));
            summary.put(
                    "read " + Units.size(options.readBody) + " records from offset 0",
                    Units.count(rate) + " msgs/s, " + Units.fixed(mbs, 1) + " MB/s");
        } finally {
            deleteTree(dir);
            System.gc(); // unmap the deleted segments so their disk space returns now
        }
        print(t);
        mem.report("read");
    }

    /** Untimed appends on a throwaway store, once, so the first measured case does not pay for the JIT. */
    private void warmUp() throws Exception {
        if (warmedUp) {
            return;
        }
        warmedUp = true;
        long messages = Math.max(1, options.warmupVolume / 1024);
        StoreRun run = runStore(
                "warmup",
                FlushMode.ASYNC,
                (s, measureFromHere) -> new AppendLoad(s, TOPIC, 1024, options.uniqKey).runCount(1, messages));
        System.out.printf(
                "%nwarm-up: %s of 1 KiB bodies, %s msgs/s%n",
                Units.size(messages * 1024), Units.count(run.load().messagesPerSecond()));
    }

    /** Opens a fresh store, runs {@code work}, waits for dispatch, measures memory, closes and deletes it. */
    private StoreRun runStore(String name, FlushMode mode, StoreWork work) throws Exception {
        Path dir = runDir.resolve(name + "-" + stores++);
        FlushCounter counter = new FlushCounter();
        probe.resetPeak();
        try (MessageStore store = MessageStore.open(config(dir, mode), InstantSource.system(), counter)) {
            long[] before = {store.commitLogMaxOffset()};
            AppendLoad.Result load = work.run(store, () -> {
                before[0] = store.commitLogMaxOffset();
                counter.reset();
            });
            long logBytes = store.commitLogMaxOffset() - before[0];
            long flushes = counter.flushes.sum();
            long flushNanos = counter.flushNanos.sum();
            long lag = awaitDispatch(store);
            long peak = probe.peakHeap();
            MemoryProbe.Process process = MemoryProbe.process();
            long live = probe.liveHeapAfterGc();
            long segments;
            try (Stream<Path> files = Files.list(dir.resolve("commitlog"))) {
                segments = files.count();
            }
            return new StoreRun(load, logBytes, lag, segments, flushes, flushNanos, peak, live, process);
        } finally {
            deleteTree(dir);
            System.gc(); // unmap the deleted segments so their disk space returns now
        }
    }

    /**
     * The benchmark's store: RocketMQ's defaults with the configured segment size, and the disk marks raised
     * to 95/97% so that retention does not delete segments of a store under measurement on a busy disk.
     */
    private StoreConfig config(Path dir, FlushMode mode) {
        StoreConfig d = StoreConfig.defaults(dir)
                .withSegmentBytes(options.segmentBytes, 300_000)
                .withFlushMode(mode)
                .withWriteWindows(options.writeWindow)
                .withGroupCommitMaxWait(options.groupCommitWait)
                .withSyncPrepareAhead(options.syncPrepareAhead)
                .withPageCacheWindow(options.pageCacheWindow);
        return d.withRetention(d.fileReservedTime(), d.deleteWhenHour(), 95, 97, d.retentionCheckInterval());
    }

    /** Waits until every appended record reached the ConsumeQueues; returns how long that took. */
    private static long awaitDispatch(MessageStore store) throws InterruptedException {
        long start = System.nanoTime();
        long end = store.commitLogMaxOffset();
        while (store.dispatchedOffset() < end) {
            if (System.nanoTime() - start > DISPATCH_TIMEOUT.toNanos()) {
                throw new IllegalStateException("dispatch stuck at " + store.dispatchedOffset() + " of " + end);
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        return System.nanoTime() - start;
    }

    private static void noteFailures(ResultTable t, List<StoreRun> runs) {
        runs.stream()
                .map(run -> run.load().firstFailure())
                .filter(f -> f != null)
                .findFirst()
                .ifPresent(f -> t.note("first failed append: " + f));
    }

    // ------------------------------------------------------------------------------------------ output

    private void print(ResultTable t) {
        tables.add(t);
        t.print(System.out);
    }

    private void writeMarkdown(String header) throws IOException {
        StringBuilder md = new StringBuilder("\n### Store benchmark\n\n");
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
        return Units.fixed(Units.mib(bytes), 0);
    }

    private static String maxMib(List<StoreRun> runs, java.util.function.ToLongFunction<StoreRun> metric) {
        return mib(runs.stream().mapToLong(metric).max().orElse(-1));
    }

    /** Deletes {@code dir} and everything below it; reports what it could not delete. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    System.err.println("could not delete " + p + ": " + e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
