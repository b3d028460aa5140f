package io.kitemq.broker.crash;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Our broker as shipped (the Boot exec jar) in its own JVM, for kill -9 tests. */
final class BrokerProcess implements AutoCloseable {

    private final Process process;
    final int port;
    final Path log;

    private BrokerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Path execJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalStateException("no broker exec jar in target/ (run the package phase)"))
                    .toAbsolutePath();
        }
    }

    static BrokerProcess start(Path storeDir, String nameServer, int port, String flushMode, Path log)
            throws Exception {
        return start(storeDir, nameServer, port, flushMode, log, List.of());
    }

    /** Starts the broker with {@code extraArgs} ({@code --name=value} properties) after the usual ones. */
    static BrokerProcess start(
            Path storeDir, String nameServer, int port, String flushMode, Path log, List<String> extraArgs)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-Xmx256m",
                "-jar",
                execJar().toString(),
                "--server.port=0",
                "--kitemq.broker.listen-port=" + port,
                "--kitemq.broker.bind-address=127.0.0.1",
                "--kitemq.broker.broker-ip=127.0.0.1",
                "--kitemq.broker.name-server-addr=" + nameServer,
                "--kitemq.broker.store.dir=" + storeDir,
                "--kitemq.broker.store.flush-mode=" + flushMode,
                "--kitemq.broker.store.commit-log-segment-size=64MB"));
        cmd.addAll(extraArgs);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        BrokerProcess b = new BrokerProcess(p, port, log);
        b.awaitPort(Duration.ofSeconds(60));
        return b;
    }

    private void awaitPort(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("broker exited early; log " + log + ":\n" + Files.readString(log));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        throw new IllegalStateException("broker did not open port " + port + "; log " + log);
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }

    static File logFile(Path dir, String name) {
        return dir.resolve(name).toFile();
    }
}
