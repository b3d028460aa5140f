package io.kitemq.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Our NameServer as shipped — the Boot jar of {@code nameserver-service}, run with {@code java -jar} — in its
 * own JVM, for side-by-side benchmarks with {@link io.kitemq.peer.RocketMqPeer}'s official one. Listens on
 * loopback only (remoting and HTTP ports picked free at start); its data dir, temp dir and console log
 * ({@link #log()}) are under the given work directory.
 *
 * <p>{@link #awaitReady} returns once the console shows Spring's "Started NameServerApplication" line and the
 * remoting port accepts connections. Thread-safe; {@link #close()} is idempotent.
 */
final class KiteMqNameServerProcess implements AutoCloseable {

    static final String JAR_PROPERTY = "kitemq.nameserver.jar";

    private static final String JAR_SEARCH_DIR = "nameserver-service/target";
    private static final String JAR_PREFIX = "kitemq-nameserver-service-";
    private static final String START_CLASS = "io.kitemq.nameserver.boot.NameServerApplication";
    private static final String STARTED_LINE = "Started NameServerApplication";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final BootJarProcess process;
    private final int port;

    private KiteMqNameServerProcess(BootJarProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Launches the jar with {@code jvmOptions}; call {@link #awaitReady} before use. */
    static KiteMqNameServerProcess launch(Path jar, Path workDir, List<String> jvmOptions) {
        int[] ports = BootJarProcess.freePorts(2);
        Path dir = workDir.toAbsolutePath();
        List<String> jvm = new ArrayList<>();
        jvm.add("-XX:-OmitStackTraceInFastThrow"); // as RocketMqPeer gives the official one
        jvm.addAll(jvmOptions);
        List<String> args = List.of(
                "--kitemq.nameserver.listen-port=" + ports[0],
                "--kitemq.nameserver.bind-address=" + BootJarProcess.LOOPBACK,
                "--kitemq.nameserver.data-dir=" + dir.resolve("data"),
                "--server.port=" + ports[1],
                "--server.address=" + BootJarProcess.LOOPBACK);
        return new KiteMqNameServerProcess(
                BootJarProcess.launch("our NameServer", "kitemq-namesrv", jar, dir, jvm, args, STOP_TIMEOUT), ports[0]);
    }

    /** Waits for the started line and an open remoting port; kills the process and throws if that does not come. */
    KiteMqNameServerProcess awaitReady(Duration timeout) {
        process.awaitReady(STARTED_LINE, port, timeout);
        return this;
    }

    String address() {
        return BootJarProcess.LOOPBACK + ":" + port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return process.log();
    }

    /** SIGTERM to our pid, SIGKILL if it is still there after 15 s. */
    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "KiteMQ NameServer " + address() + " (pid " + pid() + ")";
    }

    /**
     * The Boot jar: the one configured ({@code --kitemq-jar} or {@value #JAR_PROPERTY}), else the executable
     * {@code nameserver-service/target/kitemq-nameserver-service-*.jar} (the one whose manifest's {@code
     * Start-Class} is {@value #START_CLASS}; the newest if several) found from the working directory upward.
     */
    static Path findJar(Path configured) {
        return BootJarProcess.findBootJar(configured, JAR_SEARCH_DIR, JAR_PREFIX, START_CLASS, "our NameServer");
    }
}
