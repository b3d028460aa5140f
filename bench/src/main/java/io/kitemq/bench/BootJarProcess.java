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
 * One of our Spring Boot jars run with {@code java -jar} in its own JVM, for side-by-side benchmarks: starts
 * it in a work directory (its temp dir, command line and console log there), waits until it is ready, and
 * stops it (SIGTERM, then SIGKILL). A JVM shutdown hook kills the process if it was never closed. Shared by
 * {@link KiteMqNameServerProcess} and {@link KiteMqBrokerProcess}, which add their own arguments.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
final class BootJarProcess implements AutoCloseable {

    static final String LOOPBACK = "127.0.0.1";

    private final String what;
    private final Process process;
    private final Path log;
    private final Duration stopTimeout;
    private final Thread killOnExit;

    private BootJarProcess(String what, Process process, Path log, Duration stopTimeout) {
        this.what = what;
        this.process = process;
        this.log = log;
        this.stopTimeout = stopTimeout;
        this.killOnExit = new Thread(process::destroyForcibly, "kill-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Launches {@code java <jvmOptions> -jar jar <appArgs>} in {@code workDir}; {@code name} names the
     * command and console-log files. Call {@link #awaitReady} before use.
     */
    static BootJarProcess launch(
            String what,
            String name,
            Path jar,
            Path workDir,
            List<String> jvmOptions,
            List<String> appArgs,
            Duration stopTimeout) {
        Path dir = workDir.toAbsolutePath();
        Path tmp = dir.resolve("tmp");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.io.tmpdir=" + tmp);
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.addAll(appArgs);
        Path log = dir.resolve(name + "-console.log");
        try {
            Files.createDirectories(tmp);
            Files.writeString(dir.resolve(name + ".command"), String.join(" ", command) + "\n");
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            return new BootJarProcess(what, process, log, stopTimeout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + what + " from " + jar, e);
        }
    }

    /**
     * Waits until the console shows {@code startedLine} and {@code port} accepts connections; kills the
     * process and throws if that does not come within {@code timeout}.
     */
    void awaitReady(String startedLine, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                if (Files.exists(log)
                        && Files.readString(log, StandardCharsets.ISO_8859_1).contains(startedLine)
                        && accepts(port)) {
                    return;
                }
                if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException(what + " exited with code " + process.exitValue()
                            + " before it was ready; last lines of " + log + ":\n" + tail());
                }
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException(
                            what + " was not ready within " + timeout + "; last lines of " + log + ":\n" + tail());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** SIGTERM, then SIGKILL if the process is still there after the stop timeout. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
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

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
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
