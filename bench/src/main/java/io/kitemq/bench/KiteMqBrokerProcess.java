package io.kitemq.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Our Broker as shipped — the Boot jar of {@code broker-service}, run with {@code java -jar} — in its own JVM,
 * beside {@link io.kitemq.peer.RocketMqPeer}'s official one. Listens on loopback only (remoting and HTTP ports
 * picked free at start), advertises {@code 127.0.0.1}, registers with the given NameServer; its store, temp dir
 * and console log ({@link #log()}) are under the given work directory. Only the settings a benchmark must
 * choose are passed (ports, addresses, store dir, flush mode); everything else is the jar's default.
 *
 * <p>{@link #awaitReady} returns once the console shows Spring's "Started BrokerApplication" line and the
 * remoting port accepts connections. A JVM shutdown hook kills the process if it was never closed.
 * Thread-safe; {@link #close()} is idempotent.
 */
final class KiteMqBrokerProcess implements AutoCloseable {

    static final String JAR_PROPERTY = "kitemq.broker.jar";

    private static final String JAR_SEARCH_DIR = "broker-service/target";
    private static final String JAR_PREFIX = "kitemq-broker-service-";
    private static final String START_CLASS = "io.kitemq.broker.boot.BrokerApplication";
    private static final String STARTED_LINE = "Started BrokerApplication";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final int httpPort;
    private final Path log;
    private final Thread killOnExit;

    private KiteMqBrokerProcess(Process process, int port, int httpPort, Path log) {
        this.process = process;
        this.port = port;
        this.httpPort = httpPort;
        this.log = log;
        this.killOnExit = new Thread(process::destroyForcibly, "kill-kitemq-broker-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Launches the jar with {@code jvmOptions}; call {@link #awaitReady} before use. */
    static KiteMqBrokerProcess launch(
            Path jar, Path workDir, String nameServer, String flushMode, List<String> jvmOptions) {
        int[] ports = KiteMqNameServerProcess.freePorts(2);
        Path dir = workDir.toAbsolutePath();
        Path tmp = dir.resolve("tmp");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.io.tmpdir=" + tmp);
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.add("--kitemq.broker.listen-port=" + ports[0]);
        command.add("--kitemq.broker.bind-address=" + LOOPBACK);
        command.add("--kitemq.broker.broker-ip=" + LOOPBACK);
        command.add("--kitemq.broker.name-server-addr=" + nameServer);
        command.add("--kitemq.broker.store.dir=" + dir.resolve("store"));
        command.add("--kitemq.broker.store.flush-mode=" + flushMode);
        command.add("--server.port=" + ports[1]);
        command.add("--server.address=" + LOOPBACK);
        Path log = dir.resolve("kitemq-broker-console.log");
        try {
            Files.createDirectories(tmp);
            Files.writeString(dir.resolve("kitemq-broker.command"), String.join(" ", command) + "\n");
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            return new KiteMqBrokerProcess(process, ports[0], ports[1], log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start our Broker from " + jar, e);
        }
    }

    /** Waits for the started line and an open remoting port; kills the process and throws if that does not come. */
    KiteMqBrokerProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                if (Files.exists(log)
                        && Files.readString(log, StandardCharsets.ISO_8859_1).contains(STARTED_LINE)
                        && KiteMqNameServerProcess.accepts(port)) {
                    return this;
                }
                if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("our Broker exited with code " + process.exitValue()
                            + " before it was ready; last lines of " + log + ":\n" + tail());
                }
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException(
                            "our Broker was not ready within " + timeout + "; last lines of " + log + ":\n" + tail());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting for our Broker", e);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    /** Remoting address, as clients and the NameServer see it. */
    String address() {
        return LOOPBACK + ":" + port;
    }

    /** {@code http://127.0.0.1:port} of the REST API. */
    String httpBase() {
        return "http://" + LOOPBACK + ":" + httpPort;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** SIGTERM to our pid, SIGKILL if it is still there after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shutdownInProgress) {
            // the hook runs anyway
        }
    }

    @Override
    public String toString() {
        return "KiteMQ Broker " + address() + " (pid " + pid() + ")";
    }

    /**
     * The Boot jar: the one configured ({@code --kitemq-broker-jar} or {@value #JAR_PROPERTY}), else the newest
     * executable {@code broker-service/target/kitemq-broker-service-*.jar} found from the working directory upward.
     */
    static Path findJar(Path configured) {
        return KiteMqNameServerProcess.findBootJar(configured, JAR_SEARCH_DIR, JAR_PREFIX, START_CLASS, "our Broker");
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
