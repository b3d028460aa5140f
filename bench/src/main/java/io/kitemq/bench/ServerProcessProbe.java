package io.kitemq.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory and CPU of another JVM on this machine, by pid: live heap through {@code jcmd <pid> GC.run} then
 * {@code jcmd <pid> GC.heap_info}, resident set and thread count from {@code /proc/<pid>/status}, CPU time
 * from {@code /proc/<pid>/stat}. Linux and a JDK (for {@code jcmd}) are needed; figures that cannot be read
 * are -1. Stateless and thread-safe.
 */
final class ServerProcessProbe {

    /** One look at a process after a full GC; sizes in bytes, -1 where unknown. */
    record Memory(long heapUsed, long heapCommitted, long metaspaceUsed, long rss, long hwm, int threads) {}

    /** "total 262144K, used 20480K": one heap space line of GC.heap_info (G1 has one, Serial/Parallel two). */
    private static final Pattern HEAP_SPACE = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private static final Pattern METASPACE = Pattern.compile("Metaspace\\s+used (\\d+)K");
    private static final long JCMD_TIMEOUT_SECONDS = 60;
    private static final long CLOCK_TICKS_PER_SECOND = clockTicks();

    private ServerProcessProbe() {}

    /** Runs a full GC in {@code pid}, then reads its heap, metaspace, RSS and threads. */
    static Memory afterFullGc(long pid) {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        long used = -1;
        long committed = -1;
        int meta = info.indexOf("Metaspace");
        Matcher heap = HEAP_SPACE.matcher(meta < 0 ? info : info.substring(0, meta));
        while (heap.find()) {
            committed = Math.max(0, committed) + Long.parseLong(heap.group(1)) * 1024;
            used = Math.max(0, used) + Long.parseLong(heap.group(2)) * 1024;
        }
        Matcher m = METASPACE.matcher(info);
        long metaspace = m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
        long rss = -1;
        long hwm = -1;
        int threads = -1;
        for (String line : status(pid)) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kib(line);
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        return new Memory(used, committed, metaspace, rss, hwm, threads);
    }

    /**
     * Resident memory of a process as {@code /proc/<pid>/status} shows it now (no GC first); bytes, -1 where
     * unknown. {@code anon} is heap, stacks and direct buffers; {@code file} the mapped files' pages in memory
     * (a broker's mmapped CommitLog and queues).
     */
    record Resident(long rss, long hwm, long anon, long file, int threads) {}

    /** {@link Resident} of {@code pid} as it is now; all -1 if the process is gone. */
    static Resident resident(long pid) {
        long rss = -1;
        long hwm = -1;
        long anon = -1;
        long file = -1;
        int threads = -1;
        for (String line : status(pid)) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kib(line);
            } else if (line.startsWith("RssAnon:")) {
                anon = kib(line);
            } else if (line.startsWith("RssFile:")) {
                file = kib(line);
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        return new Resident(rss, hwm, anon, file, threads);
    }

    /** User plus system CPU time of all threads of {@code pid} so far, in nanoseconds (10 ms resolution), or -1. */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after "(comm)": state is field 3, utime 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** This JVM's pid (for the driver's own CPU). */
    static long self() {
        return ProcessHandle.current().pid();
    }

    private static List<String> status(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** "VmRSS:	  123456 kB" → bytes. */
    private static long kib(String line) {
        return Long.parseLong(
                        line.substring(line.indexOf(':') + 1).replace("kB", "").trim())
                * 1024;
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            throw new IllegalStateException("no jcmd at " + jcmd + ": run the benchmark on a JDK, not a JRE");
        }
        List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid), command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        String.join(" ", cmd) + " did not finish in " + JCMD_TIMEOUT_SECONDS + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", cmd), e);
        }
    }

    /** {@code getconf CLK_TCK}, 100 (the Linux default) if it cannot be asked. */
    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return p.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
