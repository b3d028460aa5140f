package io.kitemq.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Heap and process memory during a benchmark: a daemon thread samples used heap every two milliseconds
 * (so a peak between two garbage collections is seen), and {@link #process()} reads the resident set
 * from {@code /proc/self/status}.
 *
 * <p>RSS counts the CommitLog's mapped pages the process touched ({@code RssFile}): it grows with the
 * data written and is given back under memory pressure. {@code RssAnon} (heap, metaspace, thread stacks,
 * direct buffers) is the part that must not grow with the data.
 *
 * <p>Thread-safe.
 */
final class MemoryProbe implements AutoCloseable {

    /** Resident-set figures in bytes, -1 where /proc is not available. */
    record Process(long rss, long hwm, long rssAnon, long rssFile) {}

    private static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong overallPeak = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    MemoryProbe() {
        sampler = new Thread(this::run, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void run() {
        while (running) {
            sample();
            LockSupport.parkNanos(SAMPLE_NANOS);
        }
    }

    private long sample() {
        long used = memory.getHeapMemoryUsage().getUsed();
        peak.accumulateAndGet(used, Math::max);
        overallPeak.accumulateAndGet(used, Math::max);
        return used;
    }

    /** Starts a new peak window at the heap used now. */
    void resetPeak() {
        peak.set(memory.getHeapMemoryUsage().getUsed());
    }

    /** The highest heap use seen since {@link #resetPeak()}. */
    long peakHeap() {
        sample();
        return peak.get();
    }

    /** The highest heap use seen since start. */
    long overallPeakHeap() {
        sample();
        return overallPeak.get();
    }

    /** Heap still reachable: used heap right after a full collection (outside any timed section). */
    long liveHeapAfterGc() {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    long maxHeap() {
        return memory.getHeapMemoryUsage().getMax();
    }

    static Process process() {
        long rss = -1;
        long hwm = -1;
        long anon = -1;
        long file = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                } else if (line.startsWith("RssAnon:")) {
                    anon = kib(line);
                } else if (line.startsWith("RssFile:")) {
                    file = kib(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: leave -1
        }
        return new Process(rss, hwm, anon, file);
    }

    /** "VmRSS:	  123456 kB" → bytes. */
    private static long kib(String line) {
        String digits = line.substring(line.indexOf(':') + 1).replace("kB", "").trim();
        return Long.parseLong(digits) * 1024;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(sampler);
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
