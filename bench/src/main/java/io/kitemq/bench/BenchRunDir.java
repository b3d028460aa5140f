package io.kitemq.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The frame of a benchmark main that starts servers: parses {@link BenchFlags} (plus {@code --dir=PATH}, the
 * parent of the run directory, default {@code java.io.tmpdir}, and {@code --keep-dir}), runs the benchmark
 * in a fresh run directory, deletes that directory afterwards (it holds whole broker stores — gigabytes)
 * unless asked to keep it, and exits: 0 done, 1 the benchmark failed, 2 bad flags (with the usage).
 *
 * <p>Not thread-safe: used once per JVM, from {@code main}.
 */
final class BenchRunDir {

    /** A benchmark ready to run in its directory. */
    interface Body {
        void run(Path runDir) throws Exception;
    }

    private BenchRunDir() {}

    /**
     * @param prefix the run directory's name prefix
     * @param usage printed after a flag error
     * @param setup takes the benchmark's own flags (defaults included) and returns the benchmark
     */
    static void main(String prefix, String usage, String[] args, Function<BenchFlags, Body> setup) {
        Path parent;
        boolean keep;
        Body body;
        try {
            if (BenchFlags.wantsHelp(args)) {
                System.out.println(usage);
                System.exit(0);
            }
            BenchFlags flags = BenchFlags.parse(args);
            parent = flags.path("dir", System.getProperty("java.io.tmpdir"));
            keep = flags.bool("keep-dir");
            body = setup.apply(flags);
            flags.requireAllTaken();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage);
            System.exit(2);
            return;
        }
        int exit = 0;
        Path runDir = null;
        try {
            Files.createDirectories(parent);
            runDir = Files.createTempDirectory(parent.toAbsolutePath(), prefix);
            System.setProperty(
                    "rocketmq.log.root", runDir.resolve("client-logs").toString());
            body.run(runDir);
        } catch (Exception | Error e) {
            e.printStackTrace();
            exit = 1;
        } finally {
            if (runDir != null) {
                if (keep) {
                    System.out.println("run directory kept: " + runDir);
                } else {
                    StoreBenchmark.deleteTree(runDir);
                }
            }
        }
        System.exit(exit);
    }
}
