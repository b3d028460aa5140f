package io.kitemq.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Our Broker as shipped — the Boot jar of {@code broker-service}, run with {@code java -jar} — in its own JVM,
 * beside {@link io.kitemq.peer.RocketMqPeer}'s official one. Listens on loopback only (remoting and HTTP ports
 * picked free at start), advertises {@code 127.0.0.1}, registers with the given NameServer; its store, temp dir
 * and console log ({@link #log()}) are under the given work directory. Only the settings a benchmark must
 * choose are passed (ports, addresses, store dir, flush mode); everything else is the jar's default.
 *
 * <p>{@link #awaitReady} returns once the console shows Spring's "Started BrokerApplication" line and the
 * remoting port accepts connections. Thread-safe; {@link #close()} is idempotent.
 */
final class KiteMqBrokerProcess implements AutoCloseable {

    static final String JAR_PROPERTY = "kitemq.broker.jar";

    private static final String JAR_SEARCH_DIR = "broker-service/target";
    private static final String JAR_PREFIX = "kitemq-broker-service-";
    private static final String START_CLASS = "io.kitemq.broker.boot.BrokerApplication";
    private static final String STARTED_LINE = "Started BrokerApplication";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final BootJarProcess process;
    private final int port;
    private final int httpPort;

    private KiteMqBrokerProcess(BootJarProcess process, int port, int httpPort) {
        this.process = process;
        this.port = port;
        this.httpPort = httpPort;
    }

    /** Launches the jar with {@code jvmOptions}; call {@link #awaitReady} before use. */
    static KiteMqBrokerProcess launch(
            Path jar, Path workDir, String nameServer, String flushMode, List<String> jvmOptions) {
        int[] ports = BootJarProcess.freePorts(2);
        Path dir = workDir.toAbsolutePath();
        String loopback = BootJarProcess.LOOPBACK;
        List<String> args = List.of(
                "--kitemq.broker.listen-port=" + ports[0],
                "--kitemq.broker.bind-address=" + loopback,
                "--kitemq.broker.broker-ip=" + loopback,
                "--kitemq.broker.name-server-addr=" + nameServer,
                "--kitemq.broker.store.dir=" + dir.resolve("store"),
                "--kitemq.broker.store.flush-mode=" + flushMode,
                "--server.port=" + ports[1],
                "--server.address=" + loopback);
        return new KiteMqBrokerProcess(
                BootJarProcess.launch("our Broker", "kitemq-broker", jar, dir, jvmOptions, args, STOP_TIMEOUT),
                ports[0],
                ports[1]);
    }

    /** Waits for the started line and an open remoting port; kills the process and throws if that does not come. */
    KiteMqBrokerProcess awaitReady(Duration timeout) {
        process.awaitReady(STARTED_LINE, port, timeout);
        return this;
    }

    /** Remoting address, as clients and the NameServer see it. */
    String address() {
        return BootJarProcess.LOOPBACK + ":" + port;
    }

    /** {@code http://127.0.0.1:port} of the REST API. */
    String httpBase() {
        return "http://" + BootJarProcess.LOOPBACK + ":" + httpPort;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return process.log();
    }

    /** SIGTERM to our pid, SIGKILL if it is still there after 30 s. */
    @Override
    public void close() {
        process.close();
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
        return BootJarProcess.findBootJar(configured, JAR_SEARCH_DIR, JAR_PREFIX, START_CLASS, "our Broker");
    }
}
