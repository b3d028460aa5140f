package io.kitemq.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link StoreBenchmark}'s command line: {@code --name=value} flags over defaults for a full run, or over
 * small ones with {@code --quick}. Sizes take binary suffixes (64k, 512m, 4g); durations are seconds.
 */
final class StoreBenchOptions {

    static final List<String> PHASES = List.of("disk", "async", "sync", "read");

    static final String USAGE = """
            usage: java -Xmx512m -cp bench/target/benchmarks.jar io.kitemq.bench.StoreBenchmark [flags]
              --dir=PATH                 parent of the run's temp dir (default ./target if present, else /tmp);
                                         the run dir and every file in it are deleted at the end
              --phases=disk,async,sync,read  phases to run, in this order
              --repeat=N                 run every case N times and report medians (default 1)
              --markdown=PATH            also append the results as Markdown tables to PATH
              --quick                    small volumes and short durations (a smoke run, < 1 min)
              --segment-bytes=SIZE       CommitLog segment size (default 1g; quick 64m)
              --warmup-volume=SIZE       untimed appends before the first store phase (default 256m; quick 16m)
              --uniq-key                 give every message a UNIQ_KEY property (so the index is written too)
              --disk-volume=SIZE         sequential-write volume per disk test (default 2g; quick 128m)
              --disk-block=SIZE          sequential-write block (default 1m)
              --fsync-seconds=S          duration of each fsync-rate test (default 3; quick 0.5)
              --async-bodies=LIST        ASYNC body sizes (default 128,1024,4096)
              --async-threads=LIST       ASYNC writer counts (default 1,4)
              --async-volume=SIZE        body bytes per ASYNC case (default 1g; quick 64m)
              --async-roll-volume=SIZE   body bytes of the 1-KiB/1-writer case (default 4g; quick 192m)
              --sync-body=SIZE           SYNC body size (default 1k)
              --sync-writers=LIST        SYNC writer counts (default 1,16,64)
              --sync-seconds=S           duration of each SYNC case (default 10; quick 2)
              --read-volume=SIZE         body bytes of the backlog read back (default 1g; quick 128m)
              --read-body=SIZE           body size of the backlog (default 1k)
              --read-batch=N             messages per get (default 32)
            """;

    final Path dir;
    final List<String> phases;
    final int repeat;
    final Path markdown;
    final boolean quick;
    final int segmentBytes;
    final long warmupVolume;
    final boolean uniqKey;
    final long diskVolume;
    final int diskBlock;
    final Duration fsyncDuration;
    final int[] asyncBodies;
    final int[] asyncThreads;
    final long asyncVolume;
    final long asyncRollVolume;
    final int syncBody;
    final int[] syncWriters;
    final Duration syncDuration;
    final long readVolume;
    final int readBody;
    final int readBatch;

    private final Map<String, String> flags;

    private StoreBenchOptions(Map<String, String> flags, boolean quick) {
        this.flags = flags;
        this.quick = quick;
        String d = take("dir", null);
        dir = d == null ? null : Path.of(d);
        phases = List.of(take("phases", String.join(",", PHASES))
                .toLowerCase(Locale.ROOT)
                .split(","));
        for (String p : phases) {
            if (!PHASES.contains(p)) {
                throw new IllegalArgumentException("unknown phase '" + p + "'; phases are " + PHASES);
            }
        }
        repeat = positiveInt("repeat", "1");
        String md = take("markdown", null);
        markdown = md == null ? null : Path.of(md);
        segmentBytes = (int) Math.min(Integer.MAX_VALUE, size("segment-bytes", "1g", "64m"));
        warmupVolume = size("warmup-volume", "256m", "16m");
        uniqKey = Boolean.parseBoolean(take("uniq-key", "false"));
        diskVolume = size("disk-volume", "2g", "128m");
        diskBlock = (int) size("disk-block", "1m", "1m");
        fsyncDuration = seconds("fsync-seconds", "3", "0.5");
        asyncBodies = sizes("async-bodies", "128,1024,4096");
        asyncThreads = ints("async-threads", "1,4");
        asyncVolume = size("async-volume", "1g", "64m");
        asyncRollVolume = size("async-roll-volume", "4g", "192m");
        syncBody = (int) size("sync-body", "1k", "1k");
        syncWriters = ints("sync-writers", "1,16,64");
        syncDuration = seconds("sync-seconds", "10", "2");
        readVolume = size("read-volume", "1g", "128m");
        readBody = (int) size("read-body", "1k", "1k");
        readBatch = positiveInt("read-batch", "32");
        if (!flags.isEmpty()) {
            throw new IllegalArgumentException("unknown flag(s): --" + String.join(", --", flags.keySet()));
        }
    }

    /** Parses {@code --name=value} and {@code --name} (= true) arguments. */
    static StoreBenchOptions parse(String... args) {
        Map<String, String> flags = new HashMap<>();
        for (String a : args) {
            if (!a.startsWith("--") || a.length() == 2) {
                throw new IllegalArgumentException("not a flag: '" + a + "'");
            }
            int eq = a.indexOf('=');
            String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
            if (flags.put(name, eq < 0 ? "true" : a.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("flag --" + name + " given twice");
            }
        }
        boolean quick = Boolean.parseBoolean(flags.getOrDefault("quick", "false"));
        flags.remove("quick");
        return new StoreBenchOptions(flags, quick);
    }

    static boolean wantsHelp(String... args) {
        return Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
    }

    boolean runs(String phase) {
        return phases.contains(phase);
    }

    /** The flags as given, for the report header. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "phases=%s repeat=%d%s segment=%s warmup=%s uniqKey=%s | disk: %s in %s blocks, fsync %.1fs"
                        + " | async: bodies=%s writers=%s volume=%s (1KiB/1 writer: %s) | sync: %s bodies, writers=%s, %.1fs"
                        + " | read: %s of %s bodies, batch %d",
                String.join(",", phases),
                repeat,
                quick ? " quick" : "",
                Units.size(segmentBytes),
                Units.size(warmupVolume),
                uniqKey,
                Units.size(diskVolume),
                Units.size(diskBlock),
                fsyncDuration.toMillis() / 1000.0,
                Arrays.toString(asyncBodies),
                Arrays.toString(asyncThreads),
                Units.size(asyncVolume),
                Units.size(asyncRollVolume),
                Units.size(syncBody),
                Arrays.toString(syncWriters),
                syncDuration.toMillis() / 1000.0,
                Units.size(readVolume),
                Units.size(readBody),
                readBatch);
    }

    private String take(String name, String fallback) {
        String v = flags.remove(name);
        return v == null ? fallback : v;
    }

    private long size(String name, String full, String quickDefault) {
        long v = Units.parseSize(take(name, quick ? quickDefault : full));
        if (v <= 0) {
            throw new IllegalArgumentException("--" + name + " must be positive");
        }
        return v;
    }

    private Duration seconds(String name, String full, String quickDefault) {
        double s = Double.parseDouble(take(name, quick ? quickDefault : full));
        if (s <= 0) {
            throw new IllegalArgumentException("--" + name + " must be positive");
        }
        return Duration.ofNanos((long) (s * 1e9));
    }

    private int positiveInt(String name, String fallback) {
        int v = Integer.parseInt(take(name, fallback));
        if (v < 1) {
            throw new IllegalArgumentException("--" + name + " must be >= 1");
        }
        return v;
    }

    private int[] ints(String name, String fallback) {
        return list(name, fallback, false);
    }

    private int[] sizes(String name, String fallback) {
        return list(name, fallback, true);
    }

    private int[] list(String name, String fallback, boolean sizes) {
        int[] v = Arrays.stream(take(name, fallback).split(","))
                .map(String::trim)
                .mapToInt(s -> (int) (sizes ? Units.parseSize(s) : Integer.parseInt(s)))
                .toArray();
        if (v.length == 0 || Arrays.stream(v).anyMatch(x -> x < 1)) {
            throw new IllegalArgumentException("--" + name + " needs positive values: " + Arrays.toString(v));
        }
        return v;
    }
}
