package io.kitemq.broker.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.broker.EmbeddedCluster;
import io.kitemq.store.FlushMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Apache RocketMQ 4.9.8 Java client against our NameServer and Broker. The 4.x client shares
 * its packages with the 5.5.0 client on this test's classpath, so it runs in a child JVM on its own
 * classpath ({@code rocketmq-peer/target/rocketmq-client-4.9.8-lib}, copied by rocketmq-peer's build): the
 * scenario's source ({@code src/test/resources/interop/LegacyClientScenario.java}) is compiled here against
 * those jars, then run; it sync-sends N messages, push-consumes them and prints one summary line. Every
 * message must be acknowledged and arrive exactly once (one consumer, nothing fails).
 */
class LegacyClientIT {

    private static final String LIB_DIR = "rocketmq-client-4.9.8-lib";
    private static final String MAIN = "LegacyClientScenario";
    private static final int COUNT = 100;
    private static final Pattern SUMMARY = Pattern.compile(
            "LEGACY-CLIENT version=(\\S+) sent=(\\d+) sendOk=(\\d+) distinct=(\\d+) duplicates=(\\d+) unexpected=(\\d+) complete=(\\S+)");

    @TempDir
    static Path dir;

    static EmbeddedCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new EmbeddedCluster(dir.resolve("cluster"), FlushMode.ASYNC);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void client498SendsAndConsumesEveryMessageOnce() throws Exception {
        String topic = Topics.create(cluster, "Legacy498", 4);
        String classpath = compileScenario(dir.resolve("classes"));

        String output = run(classpath, cluster.nameServerAddress(), topic, Integer.toString(COUNT));

        Matcher m = SUMMARY.matcher(output);
        assertThat(m.find())
                .as("summary line in the child's output:%n%s", output)
                .isTrue();
        System.out.println(m.group());
        assertThat(m.group(1)).isEqualTo("V4_9_8");
        assertThat(Integer.parseInt(m.group(3)))
                .as("sends acknowledged SEND_OK")
                .isEqualTo(COUNT);
        assertThat(Integer.parseInt(m.group(4)))
                .as("distinct messages consumed")
                .isEqualTo(COUNT);
        assertThat(Integer.parseInt(m.group(5))).as("duplicate deliveries").isZero();
        assertThat(Integer.parseInt(m.group(6))).as("messages never sent").isZero();
        assertThat(m.group(7)).isEqualTo("true");
        assertThat(cluster.broker.store().maxOffset(topic, 0)
                        + cluster.broker.store().maxOffset(topic, 1)
                        + cluster.broker.store().maxOffset(topic, 2)
                        + cluster.broker.store().maxOffset(topic, 3))
                .isEqualTo(COUNT);
    }

    /** Compiles the scenario against the 4.9.8 jars into {@code out}; returns the classpath to run it with. */
    private static String compileScenario(Path out) throws IOException, URISyntaxException {
        Path lib = libDir();
        List<String> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(lib)) {
            files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> jars.add(p.toString()));
        }
        assertThat(jars).as("jars in %s", lib).anyMatch(j -> j.contains("rocketmq-client-4.9.8"));
        Files.createDirectories(out);
        Path source = Path.of(
                LegacyClientIT.class.getResource("/interop/" + MAIN + ".java").toURI());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(
                null,
                diagnostics,
                diagnostics,
                "-d",
                out.toString(),
                "-cp",
                String.join(java.io.File.pathSeparator, jars),
                "--release",
                "17",
                "-proc:none",
                source.toString());
        assertThat(rc)
                .as("javac %s:%n%s", source, diagnostics.toString(StandardCharsets.UTF_8))
                .isZero();
        jars.add(0, out.toString());
        return String.join(java.io.File.pathSeparator, jars);
    }

    /** Runs the scenario in a child JVM whose home (RocketMQ's log root) is the temp dir; returns its output. */
    private static String run(String classpath, String... args) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("child-home"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Duser.home=" + home,
                "-Drocketmq.client.logRoot=" + home.resolve("logs"),
                "-cp",
                classpath,
                MAIN));
        command.addAll(List.of(args));
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            assertThat(p.waitFor(90, TimeUnit.SECONDS))
                    .as("the child finished in time")
                    .isTrue();
        } finally {
            p.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(p.exitValue()).as("child exit code; output:%n%s", output).isZero();
        return output;
    }

    /** The 4.9.8 jars: next to the 5.x peer's lib dir when failsafe names it, else found upward from here. */
    private static Path libDir() {
        String peerLib = System.getProperty("kitemq.rocketmq.lib");
        if (peerLib != null) {
            Path sibling = Path.of(peerLib).resolveSibling(LIB_DIR);
            if (Files.isDirectory(sibling)) {
                return sibling;
            }
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("rocketmq-peer/target").resolve(LIB_DIR);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                LIB_DIR + " not found: build rocketmq-peer first (its generate-resources phase copies it)");
    }
}
