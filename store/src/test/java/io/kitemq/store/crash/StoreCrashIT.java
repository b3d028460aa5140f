package io.kitemq.store.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.store.GetResult;
import io.kitemq.store.GetStatus;
import io.kitemq.store.MessageFilter;
import io.kitemq.store.MessageStore;
import io.kitemq.store.StoreMetrics;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real-process crash test: a child JVM appends and reports every acknowledged message; the test kills
 * it with SIGKILL at random moments, reopens the store (crash recovery) and finds every acknowledged
 * message intact at its queue offset and CommitLog offset — across 10 kill cycles on the same store.
 * With SYNC flush that is the fsync guarantee; with ASYNC flush it is the page cache outliving the
 * process.
 */
class StoreCrashIT {

    record Ack(int queueId, long queueOffset, long commitLogOffset, String body) {}

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"SYNC", "ASYNC", "ASYNC_WINDOWS"})
    void everyAcknowledgedMessageSurvivesKillMinus9(String mode) throws Exception {
        long seed = System.nanoTime();
        System.out.println("StoreCrashIT " + mode + " seed = " + seed);
        Random random = new Random(seed);
        List<Ack> acked = new CopyOnWriteArrayList<>();
        int cycles = 10;
        for (int cycle = 0; cycle < cycles; cycle++) {
            int target = acked.size() + 200 + random.nextInt(3000);
            Process child = start(mode, "c" + cycle);
            AtomicBoolean ready = new AtomicBoolean();
            Thread reader = new Thread(() -> readAcks(child, acked, ready));
            reader.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= target || !child.isAlive());
                assertThat(child.isAlive())
                        .as("child still running before the kill")
                        .isTrue();
            } finally {
                child.destroyForcibly(); // SIGKILL
                child.waitFor();
                reader.join(10_000);
            }
            verify(mode, acked);
        }
        assertThat(acked.size()).isGreaterThan(cycles * 200);
    }

    private Process start(String mode, String prefix) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashingAppender.class.getName(),
                dir.toString(),
                mode,
                prefix);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(
                new File(dir.toFile().getParentFile(), dir.getFileName() + "-child.log")));
        return pb.start();
    }

    private static void readAcks(Process child, List<Ack> acked, AtomicBoolean ready) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("READY")) {
                    ready.set(true);
                } else if (line.startsWith("ACK ")) {
                    String[] p = line.split(" ");
                    if (p.length == 5) { // a line cut by the kill is not an acknowledgement we saw
                        acked.add(new Ack(Integer.parseInt(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]), p[4]));
                    }
                }
            }
        } catch (Exception e) {
            // the pipe breaks when the child dies
        }
    }

    private void verify(String mode, List<Ack> acked) {
        try (MessageStore store =
                MessageStore.open(CrashingAppender.config(dir, mode), InstantSource.system(), StoreMetrics.NONE)) {
            for (Ack a : acked) {
                GetResult g =
                        store.get("CrashTopic", a.queueId(), a.queueOffset(), 1, Integer.MAX_VALUE, MessageFilter.ALL);
                assertThat(g.status()).as("status of %s", a).isEqualTo(GetStatus.FOUND);
                MessageExt m = StoredMessageCodec.decode(g.records().get(0), true, false);
                assertThat(new String(m.getBody(), StandardCharsets.UTF_8))
                        .as("body of %s", a)
                        .isEqualTo(a.body());
                assertThat(m.getCommitLogOffset()).as("offset of %s", a).isEqualTo(a.commitLogOffset());
            }
            // the index was rebuilt too
            Ack last = acked.get(acked.size() - 1);
            assertThat(store.query("CrashTopic", last.body(), 4, 0, Long.MAX_VALUE)
                            .records())
                    .hasSize(1);
        }
    }
}
