package io.kitemq.bench;

import io.kitemq.store.PageCacheWindow;
import io.kitemq.store.StoreConfig;
import io.kitemq.store.file.PageCache;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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
              --write-window=SIZE        ASYNC stores write through mapped windows of SIZE; 0 = pwrite (default 64m)
              --sync-body=SIZE           SYNC body size (default 1k)
              --sync-writers=LIST        SYNC writer counts (default 1,16,64); they take turns within each
                                         repeat (in reverse on odd repeats), so the most/fewest ratio is also
                                         given per repeat, side by side
              --sync-seconds=S           measured duration of each SYNC case (default 10; quick 2)
              --sync-warmup-seconds=S    unmeasured appends first, on the same store, so the group commit has
                                         settled: it measures whether waiting for the group pays, and explores
                                         less often as it keeps confirming its choice (default 10; quick 0.5)
              --sync-threads=LIST        SYNC writer kinds: platform, virtual (Java 21+), callback; default all
                                         on Java 21+, else platform
              --group-commit-wait=S      SYNC group commit's longest wait for its group (default 0.001; 0 = none)
              --sync-prepare-ahead=SIZE  SYNC: how far ahead the segment is allocated with O_DIRECT zeros, a
                                         multiple of 4k (default 32m, the store's; 0 = the sparse file as it is)
              --page-cache-window=SIZE   CommitLog kept in the page cache behind its end, older flushed pages
                                         dropped: auto (default, the store's: sized for the machine), 0 (the
                                         kernel decides) or a size of at least 64m
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
    final int writeWindow;
    final int syncPrepareAhead;
    /** StoreConfig.PAGE_CACHE_WINDOW_AUTO, 0 or bytes. */
    final long pageCacheWindow;

    final int syncBody;
    final int[] syncWriters;
    final Duration syncDuration;
    final Duration syncWarmup;
    final List<AppendLoad.Threads> syncThreads;
    final Duration groupCommitWait;
    final long readVolume;
    final int readBody;
    final int readBatch;

    private StoreBenchOptions(BenchFlags f) {
        quick = f.quick();
        dir = f.path("dir", null);
        phases = List.of(f.take("phases", String.join(",", PHASES))
                .toLowerCase(Locale.ROOT)
                .split(","));
        for (String p : phases) {
            if (!PHASES.contains(p)) {
                throw new IllegalArgumentException("unknown phase '" + p + "'; phases are " + PHASES);
            }
        }
        repeat = f.positiveInt("repeat", "1");
        markdown = f.path("markdown", null);
        segmentBytes = (int) Math.min(Integer.MAX_VALUE, f.size("segment-bytes", "1g", "64m"));
        warmupVolume = f.size("warmup-volume", "256m", "16m");
        uniqKey = f.bool("uniq-key");
        diskVolume = f.size("disk-volume", "2g", "128m");
        diskBlock = (int) f.size("disk-block", "1m", "1m");
        fsyncDuration = f.seconds("fsync-seconds", "3", "0.5");
        asyncBodies = f.sizes("async-bodies", "128,1024,4096");
        asyncThreads = f.positiveInts("async-threads", "1,4");
        asyncVolume = f.size("async-volume", "1g", "64m");
        asyncRollVolume = f.size("async-roll-volume", "4g", "192m");
        String window = f.take("write-window", "64m", "64m");
        writeWindow = window.equals("0") ? 0 : (int) Units.parseSize(window);
        syncBody = (int) f.size("sync-body", "1k", "1k");
        syncWriters = Arrays.stream(f.positiveInts("sync-writers", "1,16,64"))
                .distinct()
                .toArray();
        syncDuration = f.seconds("sync-seconds", "10", "2");
        syncWarmup = f.seconds("sync-warmup-seconds", "10", "0.5");
        String kinds = AppendLoad.Threads.VIRTUAL.available() ? "platform,virtual,callback" : "platform,callback";
        syncThreads = Arrays.stream(f.take("sync-threads", kinds, kinds).split(","))
                .map(AppendLoad.Threads::parse)
                .toList();
        groupCommitWait = f.seconds("group-commit-wait", "0.001", "0.001");
        String ahead = f.take("sync-prepare-ahead", "32m", "32m");
        long aheadBytes = ahead.equals("0") ? 0 : Units.parseSize(ahead);
        if (aheadBytes < 0 || aheadBytes % 4096 != 0 || aheadBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "--sync-prepare-ahead must be 0 or a multiple of 4 KiB below 2 GiB: " + ahead);
        }
        syncPrepareAhead = (int) aheadBytes;
        String cacheWindow = f.take("page-cache-window", "auto", "auto");
        pageCacheWindow = switch (cacheWindow) {
            case "auto" -> StoreConfig.PAGE_CACHE_WINDOW_AUTO;
            case "0" -> 0;
            default -> Units.parseSize(cacheWindow);
        };
        if (pageCacheWindow > 0 && pageCacheWindow < StoreConfig.MIN_PAGE_CACHE_WINDOW_BYTES) {
            throw new IllegalArgumentException("--page-cache-window must be auto, 0 or at least 64m: " + cacheWindow);
        }
        readVolume = f.size("read-volume", "1g", "128m");
        readBody = (int) f.size("read-body", "1k", "1k");
        readBatch = f.positiveInt("read-batch", "32");
        f.requireAllTaken();
    }

    static StoreBenchOptions parse(String... args) {
        return new StoreBenchOptions(BenchFlags.parse(args));
    }

    static boolean wantsHelp(String... args) {
        return BenchFlags.wantsHelp(args);
    }

    boolean runs(String phase) {
        return phases.contains(phase);
    }

    /** The flags as given, for the report header. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "phases=%s repeat=%d%s segment=%s warmup=%s uniqKey=%s | disk: %s in %s blocks, fsync %.1fs"
                        + " | async: bodies=%s writers=%s volume=%s (1KiB/1 writer: %s), write window %s"
                        + " | sync: %s bodies, writers=%s (%s threads), %.1fs after %.1fs warm-up, group-commit wait <= %d us,"
                        + " prepared %s ahead | page cache window %s"
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
                writeWindow == 0 ? "none (pwrite)" : Units.size(writeWindow),
                Units.size(syncBody),
                Arrays.toString(syncWriters),
                syncThreads.stream().map(AppendLoad.Threads::label).collect(java.util.stream.Collectors.joining(", ")),
                syncDuration.toMillis() / 1000.0,
                syncWarmup.toMillis() / 1000.0,
                groupCommitWait.toNanos() / 1000,
                syncPrepareAhead == 0 ? "nothing" : Units.size(syncPrepareAhead),
                pageCacheWindow == StoreConfig.PAGE_CACHE_WINDOW_AUTO
                        ? "auto (" + Units.size(PageCacheWindow.auto().bytes()) + " here"
                                + (PageCache.available() ? "" : ", unused: " + PageCache.unavailableReason()) + ")"
                        : pageCacheWindow == 0 ? "0 (kernel)" : Units.size(pageCacheWindow),
                Units.size(readVolume),
                Units.size(readBody),
                readBatch);
    }
}
