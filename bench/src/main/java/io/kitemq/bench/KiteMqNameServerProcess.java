package io.kitemq.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Our NameServer as shipped — the Boot jar of {@code nameserver-service}, run with {@code java -jar} — in its
 * own JVM, for side-by-side benchmarks with {@link io.kitemq.peer.RocketMqPeer}'s official one. Listens on
 * loopback only (remoting and HTTP ports picked free at start); its data dir, temp dir and console log
 * ({@link #log()}) are under the given work directory.
 *
 * <p>{@link #start} returns once the console shows Spring's "Started NameServerApplication" line and the
 * remoting port accepts connections. A JVM shutdown hook kills the process if it was never closed.
 * Thread-safe; {@link #close()} is idempotent.
 */
final class KiteMqNameServerProcess implements AutoCloseable {

    static final String JAR_PROPERTY = "kitemq.nameserver.jar";

    private static final String JAR_SEARCH_DIR = "nameserver-service/target";
    private static final String JAR_PREFIX = "kitemq-nameserver-service-";
    private static final String START_CLASS = "io.kitemq.nameserver.boot.NameServerApplication";
    private static final String STARTED_LINE = "Started NameServerApplication";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread killOnExit;

    private KiteMqNameServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.killOnExit = new Thread(process::destroyForcibly, "kill-kitemq-namesrv-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Launches the jar with {@code jvmOptions}; call {@link #awaitReady} before use. */
    static KiteMqNameServerProcess launch(Path jar, Path workDir, List<String> jvmOptions) {
        int[] ports = freePorts(2);
        Path dir = workDir.toAbsolutePath();
        Path tmp = dir.resolve("tmp");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.io.tmpdir=" + tmp);
        command.add("-XX:-OmitStackTraceInFastThrow"); // as RocketMqPeer gives the official one
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.add("--kitemq.nameserver.listen-port=" + ports[0]);
        command.add("--kitemq.nameserver.bind-address=" + LOOPBACK);
        command.add("--kitemq.nameserver.data-dir=" + dir.resolve("data"));
        command.add("--server.port=" + ports[1]);
        command.add("--server.address=" + LOOPBACK);
        Path log = dir.resolve("kitemq-namesrv-console.log");
        try {
            Files.createDirectories(tmp);
            Files.writeString(dir.resolve("kitemq-namesrv.command"), String.join(" ", command) + "\n");
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            return new KiteMqNameServerProcess(process, ports[0], log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start our NameServer from " + jar, e);
        }
    }

    /** Waits for the started line and an open remoting port; kills the process and throws if that does not come. */
    KiteMqNameServerProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                if (Files.exists(log)
                        && Files.readString(log, StandardCharsets.ISO_8859_1).contains(STARTED_LINE)
                        && accepts(port)) {
                    return this;
                }
                if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("our NameServer exited with code " + process.exitValue()
                            + " before it was ready; last lines of " + log + ":\n" + tail());
                }
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("our NameServer was not ready within " + timeout
                            + "; last lines of " + log + ":\n" + tail());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting for our NameServer", e);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    String address() {
        return LOOPBACK + ":" + port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** SIGTERM to our pid, SIGKILL if it is still there after 15 s. */
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
        return "KiteMQ NameServer " + address() + " (pid " + pid() + ")";
    }

    /**
     * The Boot jar: the one configured ({@code --kitemq-jar} or {@value #JAR_PROPERTY}), else the executable
     * {@code nameserver-service/target/kitemq-nameserver-service-*.jar} (the one whose manifest's {@code Start-Class}
     * is {@value #START_CLASS}, with or without the {@code -exec} classifier; the newest if several) found from the working directory upward.
     */
    static Path findJar(Path configured) {
        return findBootJar(configured, JAR_SEARCH_DIR, JAR_PREFIX, START_CLASS, "our NameServer");
    }

    /**
     * A service's Boot jar: {@code configured} if given (it must be an executable jar with that
     * {@code startClass}), else the newest {@code searchDir/prefix*.jar} with it, searched from the working
     * directory upward.
     */
    static Path findBootJar(Path configured, String searchDir, String prefix, String startClass, String what) {
        if (configured != null) {
            if (!isBootJar(configured, startClass)) {
                throw new IllegalStateException(
                        configured.toAbsolutePath() + " is not an executable Boot jar of " + startClass);
            }
            return configured;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path target = dir.resolve(searchDir);
            if (Files.isDirectory(target)) {
                Path newest = null;
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, prefix + "*.jar")) {
                    for (Path jar : jars) {
                        if (isBootJar(jar, startClass)
                                && (newest == null
                                        || Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(newest))
                                                > 0)) {
                            newest = jar;
                        }
                    }
                    if (newest != null) {
                        return newest;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + target, e);
                }
            }
        }
        throw new IllegalStateException(what + "'s Boot jar was not found: build it (./mvnw -pl bench -am install"
                + " -DskipTests), or pass its path (searched upward from "
                + Path.of("").toAbsolutePath()
                + " for " + searchDir + "/" + prefix + "*.jar with Start-Class " + startClass + ")");
    }

    private static boolean isBootJar(Path jar, String startClass) {
        if (!Files.isRegularFile(jar)) {
            return false;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest != null
                    && startClass.equals(manifest.getMainAttributes().getValue("Start-Class"));
        } catch (IOException e) {
            return false;
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Ports free on loopback; the probe sockets stay open until all are chosen so none is handed out twice. */
    static int[] freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // a probe socket
                }
            }
        }
    }
}
