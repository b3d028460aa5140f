package io.kitemq.peer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One official Apache RocketMQ server — a NameServer or a Broker — running in its own JVM, for interop tests
 * and side-by-side benchmarks.
 *
 * <p>The child JVM runs on the jars in {@code rocketmq-peer/target/rocketmq-lib} (RocketMQ 5.5.0 with the Netty
 * 4.1 it declares), never on the caller's classpath. Those are found through the system property
 * {@value #LIB_PROPERTY}, or else by searching upward from the working directory for
 * {@code rocketmq-peer/target/rocketmq-lib}.
 *
 * <p>Everything the peer writes stays under its work directory (give each peer its own): the generated
 * {@code namesrv.conf} / {@code broker.conf}, the console output ({@link #log()}), RocketMQ's own logs under
 * {@code logs/rocketmqlogs} (it logs to {@code ${user.home}/logs}, and {@code user.home} is the work directory),
 * the broker's store, and the JVM's temp files. It listens on loopback only, on ports picked free at start.
 *
 * <p>A JVM shutdown hook kills peers that were never closed, so a crashed test run leaves no process behind.
 * Thread-safe; {@link #close()} and {@link #kill()} are idempotent.
 */
public final class RocketMqPeer implements AutoCloseable {

    /** System property naming the directory that holds RocketMQ's jars. */
    public static final String LIB_PROPERTY = "kitemq.rocketmq.lib";

    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);
    public static final List<String> DEFAULT_NAME_SERVER_JVM_OPTIONS = List.of("-Xms128m", "-Xmx128m");

    private static final String LOOPBACK = "127.0.0.1";
    private static final String LIB_SEARCH_PATH = "rocketmq-peer/target/rocketmq-lib";
    private static final String NAME_SERVER_MAIN = "org.apache.rocketmq.namesrv.NamesrvStartup";
    private static final String BROKER_MAIN = "org.apache.rocketmq.broker.BrokerStartup";
    private static final String QUIET_LOGBACK_STATUS =
            "org.apache.rocketmq.logging.ch.qos.logback.core.status.NopStatusListener";
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int CONNECT_TIMEOUT_MS = 200;
    private static final int LOG_TAIL_LINES = 40;
    private static final int LOG_TAIL_BYTES = 16 * 1024;

    private final String role;
    private final Path workDir;
    private final int port;
    private final Path log;
    private final Process process;
    private final Thread killOnExit;

    private RocketMqPeer(String role, Path workDir, int port, Path log, Process process) {
        this.role = role;
        this.workDir = workDir;
        this.port = port;
        this.log = log;
        this.process = process;
        this.killOnExit = new Thread(process::destroyForcibly, "kill-rocketmq-" + role + "-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts a NameServer with a 128 MiB heap on a free loopback port and waits until it is ready. */
    public static RocketMqPeer startNameServer(Path workDir) {
        return startNameServer(workDir, DEFAULT_NAME_SERVER_JVM_OPTIONS);
    }

    /** Starts a NameServer with the given JVM flags (heap included) and waits until it is ready. */
    public static RocketMqPeer startNameServer(Path workDir, List<String> jvmOptions) {
        Path dir = prepare(workDir);
        int port = freePorts(1, false)[0];
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("listenPort", Integer.toString(port));
        conf.put("bindAddress", LOOPBACK);
        conf.put("rocketmqHome", dir.toString());
        conf.put("kvConfigPath", dir.resolve("namesrv/kvConfig.json").toString());
        Path confFile = writeConf(dir.resolve("namesrv.conf"), conf);
        RocketMqPeer peer = launch("namesrv", dir, port, jvmOptions, NAME_SERVER_MAIN, confFile);
        peer.awaitReady("The Name Server boot success", DEFAULT_START_TIMEOUT);
        return peer;
    }

    /**
     * Starts a Broker registering with {@code nameServerAddr} ("host:port", ';'-separated for several) and
     * waits until it has booted (which includes its first registration) and accepts connections.
     */
    public static RocketMqPeer startBroker(Path workDir, String nameServerAddr, BrokerOptions options) {
        if (nameServerAddr == null || nameServerAddr.isBlank()) {
            throw new IllegalArgumentException("nameServerAddr must not be blank");
        }
        Path dir = prepare(workDir);
        // The 5.5.0 broker also binds a "fast" server on listenPort - 2, so that port must be free as well.
        int[] ports = freePorts(2, true);
        int port = ports[0];
        Path store = dir.resolve("store");
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("brokerClusterName", options.clusterName());
        conf.put("brokerName", options.brokerName());
        conf.put("brokerId", Long.toString(options.brokerId()));
        conf.put("brokerRole", options.brokerId() == 0 ? "ASYNC_MASTER" : "SLAVE");
        conf.put("flushDiskType", options.flushDiskType().name());
        conf.put("autoCreateTopicEnable", Boolean.toString(options.autoCreateTopicEnable()));
        conf.put("namesrvAddr", nameServerAddr);
        conf.put("brokerIP1", LOOPBACK);
        conf.put("brokerIP2", LOOPBACK);
        conf.put("bindAddress", LOOPBACK);
        conf.put("listenPort", Integer.toString(port));
        conf.put("haListenPort", Integer.toString(ports[1]));
        conf.put("rocketmqHome", dir.toString());
        conf.put("storePathRootDir", store.toString());
        conf.put("storePathCommitLog", store.resolve("commitlog").toString());
        conf.put("mappedFileSizeCommitLog", Integer.toString(options.commitLogFileBytes()));
        conf.put("mappedFileSizeConsumeQueue", Integer.toString(options.consumeQueueFileBytes()));
        conf.putAll(options.extraProperties());
        Path confFile = writeConf(dir.resolve("broker.conf"), conf);
        RocketMqPeer peer = launch("broker", dir, port, options.jvmOptions(), BROKER_MAIN, confFile);
        peer.awaitReady(
                "The broker[" + options.brokerName() + ", " + LOOPBACK + ":" + port + "] boot success",
                options.startTimeout());
        return peer;
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}, as clients and brokers should be given it. */
    public String address() {
        return LOOPBACK + ":" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** The child's stdout and stderr (boot line, startup stack traces). */
    public Path log() {
        return log;
    }

    /** RocketMQ's own log files ({@code namesrv.log}, {@code broker.log}, …). */
    public Path logDir() {
        return workDir.resolve("logs/rocketmqlogs");
    }

    public Path workDir() {
        return workDir;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Resident set size from {@code /proc/<pid>/status} (VmRSS), or -1 if the process is gone. */
    public long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(
                            line.substring("VmRSS:".length()).replace("kB", "").trim());
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** SIGKILL, then waits for the process to be gone. No shutdown hook runs, so nothing is unregistered. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
        forgetShutdownHook();
    }

    /** {@link #stop(Duration) stop} with {@link #DEFAULT_STOP_TIMEOUT} (30 s), then SIGKILL. */
    @Override
    public void close() {
        stop(DEFAULT_STOP_TIMEOUT);
    }

    /**
     * SIGTERM (RocketMQ's shutdown hook runs: a broker unregisters from its NameServers), and SIGKILL if the
     * process is still there after {@code timeout}.
     *
     * @return true if it stopped by itself within the timeout
     */
    public boolean stop(Duration timeout) {
        process.destroy();
        boolean graceful;
        try {
            graceful = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            graceful = false;
        }
        if (!graceful) {
            kill();
        }
        forgetShutdownHook();
        return graceful;
    }

    @Override
    public String toString() {
        return "RocketMQ " + role + " " + address() + " (pid " + pid() + ", " + workDir + ")";
    }

    private static RocketMqPeer launch(
            String role, Path dir, int port, List<String> jvmOptions, String mainClass, Path confFile) {
        Path lib = libDir();
        Path tmp = dir.resolve("tmp");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Duser.home=" + dir);
        command.add("-Drocketmq.home.dir=" + dir);
        command.add("-Djava.io.tmpdir=" + tmp);
        // The lib dir holds both servers' logback files, and RocketMQ would pick the broker's first for both.
        command.add("-Drmq.logback.configurationFile=rmq." + role + ".logback.xml");
        // RocketMQ's logback files trigger a deprecation warning, which makes logback dump ~450 status lines.
        command.add("-Dlogback.statusListenerClass=" + QUIET_LOGBACK_STATUS);
        command.add("-XX:-OmitStackTraceInFastThrow");
        // What RocketMQ's own start scripts open on Java 9+ (direct-buffer cleaning, mmap residency checks).
        command.add("--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        command.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(lib.resolve("*").toString());
        command.add(mainClass);
        command.add("-c");
        command.add(confFile.toString());

        Path log = dir.resolve(role + "-console.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("ROCKETMQ_HOME", dir.toString());
        try {
            Files.createDirectories(tmp);
            Files.writeString(dir.resolve(role + ".command"), String.join(" ", command) + "\n");
            return new RocketMqPeer(role, dir, port, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start RocketMQ " + role + " in " + dir, e);
        }
    }

    /** Ready = the boot line is in the console log AND the port accepts a connection. */
    private void awaitReady(String bootLine, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean booted = false;
        boolean listening = false;
        try {
            while (true) {
                booted = booted
                        || Files.exists(log)
                                && Files.readString(log, StandardCharsets.ISO_8859_1)
                                        .contains(bootLine);
                listening = listening || accepts(port);
                if (booted && listening) {
                    return;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    kill();
                    throw startFailure("did not log \"" + bootLine + "\" and accept connections within " + timeout);
                }
                // Waiting on the process doubles as the poll interval and notices an early exit at once.
                if (process.waitFor(Math.min(left, POLL_NANOS), TimeUnit.NANOSECONDS)) {
                    forgetShutdownHook();
                    throw startFailure("exited with code " + process.exitValue() + " before it was ready");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw startFailure("interrupted while waiting for it to start");
        } catch (IOException e) {
            kill();
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    private IllegalStateException startFailure(String what) {
        StringBuilder message = new StringBuilder()
                .append(this)
                .append(' ')
                .append(what)
                .append(".\n--- last lines of ")
                .append(log)
                .append(" ---\n")
                .append(tail(log));
        Path rocketmqLog = logDir().resolve(role + ".log");
        if (Files.exists(rocketmqLog)) {
            message.append("--- last lines of ")
                    .append(rocketmqLog)
                    .append(" ---\n")
                    .append(tail(rocketmqLog));
        }
        return new IllegalStateException(message.toString());
    }

    private void awaitExit() {
        boolean interrupted = false;
        while (true) {
            try {
                process.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void forgetShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shutdownInProgress) {
            // The hook is running or about to: nothing left to forget.
        }
    }

    /**
     * The jars to run RocketMQ with: {@value #LIB_PROPERTY} if set, else the first
     * {@code rocketmq-peer/target/rocketmq-lib} found from the working directory upward.
     */
    public static Path libDir() {
        String configured = System.getProperty(LIB_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath();
            if (!holdsRocketMq(dir)) {
                throw new IllegalStateException(LIB_PROPERTY + "=" + dir
                        + " holds no rocketmq-namesrv/rocketmq-broker jars; build it with"
                        + " ./mvnw -pl rocketmq-peer generate-resources");
            }
            return dir;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(LIB_SEARCH_PATH);
            if (holdsRocketMq(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("RocketMQ jars not found: set -D" + LIB_PROPERTY
                + "=<dir>, or build " + LIB_SEARCH_PATH + " with ./mvnw -pl rocketmq-peer generate-resources"
                + " (searched upward from " + Path.of("").toAbsolutePath() + ")");
    }

    private static boolean holdsRocketMq(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        boolean broker = false;
        boolean nameServer = false;
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "rocketmq-*.jar")) {
            for (Path jar : jars) {
                String name = jar.getFileName().toString();
                broker |= name.startsWith("rocketmq-broker-");
                nameServer |= name.startsWith("rocketmq-namesrv-");
            }
        } catch (IOException e) {
            return false;
        }
        return broker && nameServer;
    }

    private static Path prepare(Path workDir) {
        Path dir = workDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }

    private static Path writeConf(Path file, Map<String, String> conf) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            out.write("# Written by " + RocketMqPeer.class.getName() + "\n");
            for (Map.Entry<String, String> entry : conf.entrySet()) {
                out.write(escape(entry.getKey()) + "=" + escape(entry.getValue()) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** java.util.Properties escaping for the characters a path or value may realistically hold. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    /**
     * {@code count} ports that are free on all interfaces (RocketMQ binds its HA port to the wildcard address);
     * with {@code fastChannel}, the first also has its {@code port - 2} free. The probe sockets stay open until
     * all are chosen so that no port is handed out twice.
     */
    private static int[] freePorts(int count, boolean fastChannel) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ports[i] = hold(held, i == 0 && fastChannel);
            }
            return ports;
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // A probe socket; nothing to do.
                }
            }
        }
    }

    private static int hold(List<ServerSocket> held, boolean alsoMinusTwo) {
        for (int attempt = 0; attempt < 100; attempt++) {
            ServerSocket socket = bind(0);
            if (socket == null) {
                continue;
            }
            held.add(socket);
            int port = socket.getLocalPort();
            if (!alsoMinusTwo) {
                return port;
            }
            ServerSocket fast = port > 1026 ? bind(port - 2) : null;
            if (fast != null) {
                held.add(fast);
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port found");
    }

    private static ServerSocket bind(int port) {
        try {
            return new ServerSocket(port);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path file) {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            int length = (int) Math.min(size, LOG_TAIL_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.position(size - length);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading until the tail is complete
            }
            String[] lines = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).split("\n");
            int from = Math.max(lines.length > 1 && length < size ? 1 : 0, lines.length - LOG_TAIL_LINES);
            return String.join("\n", List.of(lines).subList(from, lines.length)) + "\n";
        } catch (IOException e) {
            return "(unreadable: " + e + ")\n";
        }
    }
}
