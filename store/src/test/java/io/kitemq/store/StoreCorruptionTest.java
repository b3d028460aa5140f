package io.kitemq.store;

import static io.kitemq.store.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.StoredMessageCodec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage to each derived file type — ConsumeQueue, index, checkpoint — after a crash: the store reopens,
 * the valid prefix survives, and what was lost is rebuilt from the CommitLog. Seeds are printed.
 */
class StoreCorruptionTest {

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(1_700_000_000_000L);
    MessageStore store;

    StoreConfig config() {
        return StoreConfig.defaults(dir).withSegmentBytes(64 * 1024, 64).withIndexSize(64, 256);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private void writeAndCrash(int n) {
        store = MessageStore.open(config(), clock, StoreMetrics.NONE);
        for (int i = 0; i < n; i++) {
            MessageExt m = message("T", i % 2, "m" + i);
            m.setKeys("k" + i);
            store.append(m).join();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> store.dispatchedOffset() == store.commitLogMaxOffset());
        store.crashForTest();
        store = null;
    }

    private void assertEverythingReadable(int n) {
        store = MessageStore.open(config(), clock, StoreMetrics.NONE);
        for (int q = 0; q < 2; q++) {
            assertThat(store.maxOffset("T", q)).isEqualTo(n / 2);
            GetResult g = store.get("T", q, 0, n, Integer.MAX_VALUE, MessageFilter.ALL);
            assertThat(g.messageCount()).isEqualTo(n / 2);
            for (int i = 0; i < g.messageCount(); i++) {
                String body = new String(
                        StoredMessageCodec.decode(g.records().get(i), true, false)
                                .getBody(),
                        StandardCharsets.UTF_8);
                assertThat(body).isEqualTo("m" + (2 * i + q));
            }
        }
        for (int i : new int[] {0, n / 3, n - 1}) {
            assertThat(store.query("T", "k" + i, 4, 0, Long.MAX_VALUE).records())
                    .hasSize(1);
        }
    }

    private static void garbleTail(Path file, Random random) throws IOException {
        long size = Files.size(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = size / 2 + random.nextInt((int) (size / 2));
            byte[] junk = new byte[(int) Math.min(size - at, 1 + random.nextInt(4096))];
            random.nextBytes(junk);
            f.seek(at);
            f.write(junk);
        }
    }

    private static List<Path> files(Path d) throws IOException {
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void garbledConsumeQueueFilesAreRebuilt() throws IOException {
        long seed = System.nanoTime();
        System.out.println("garbledConsumeQueueFilesAreRebuilt seed = " + seed);
        Random random = new Random(seed);
        writeAndCrash(400);
        for (Path f : files(dir.resolve("consumequeue"))) {
            if (random.nextBoolean()) {
                garbleTail(f, random);
            }
        }
        assertEverythingReadable(400);
    }

    @Test
    void truncatedConsumeQueueFileIsRebuilt() throws IOException {
        long seed = System.nanoTime();
        System.out.println("truncatedConsumeQueueFileIsRebuilt seed = " + seed);
        Random random = new Random(seed);
        writeAndCrash(400);
        List<Path> cq = files(dir.resolve("consumequeue"));
        Path victim = cq.get(cq.size() - 1);
        try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
            f.setLength(random.nextInt((int) f.length()));
        }
        assertEverythingReadable(400);
    }

    @Test
    void garbledIndexFilesAreRebuilt() throws IOException {
        long seed = System.nanoTime();
        System.out.println("garbledIndexFilesAreRebuilt seed = " + seed);
        Random random = new Random(seed);
        writeAndCrash(400);
        List<Path> index = files(dir.resolve("index"));
        garbleTail(index.get(random.nextInt(index.size())), random);
        assertEverythingReadable(400);
    }

    @Test
    void garbledCheckpointMeansAFullScanNotAFailure() throws IOException {
        writeAndCrash(400);
        Files.write(dir.resolve("checkpoint"), "not a checkpoint".getBytes(StandardCharsets.UTF_8));
        assertEverythingReadable(400);
    }

    @Test
    void anIoErrorTurnsTheStoreReadOnlyAndKeepsWhatWasAcknowledged() throws IOException {
        store = MessageStore.open(config(), clock, StoreMetrics.NONE);
        for (int i = 0; i < 10; i++) {
            assertThat(store.append(message("T", 0, "m" + i)).join().status()).isEqualTo(AppendStatus.PUT_OK);
        }
        // the next segment cannot be created: the CommitLog directory is gone and a file sits in its place
        Path commitLogDir = dir.resolve("commitlog");
        Path saved = dir.resolve("commitlog-saved");
        Files.move(commitLogDir, saved);
        Files.writeString(commitLogDir, "in the way");
        AppendStatus status = AppendStatus.PUT_OK;
        for (int i = 0; i < 200 && status == AppendStatus.PUT_OK; i++) {
            status = store.append(message("T", 0, new byte[2000])).join().status();
        }
        assertThat(status).isEqualTo(AppendStatus.SERVICE_NOT_AVAILABLE);
        assertThat(store.readOnlyReason()).contains("I/O error");
        AppendResult refused = store.append(message("T", 0, "late")).join();
        assertThat(refused.status()).isEqualTo(AppendStatus.SERVICE_NOT_AVAILABLE);
        // reads go on
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(store.get("T", 0, 0, 10, Integer.MAX_VALUE, MessageFilter.ALL)
                                .messageCount())
                        .isEqualTo(10));
        store.close();
        store = null;
        Files.delete(commitLogDir);
        Files.move(saved, commitLogDir);
        store = MessageStore.open(config(), clock, StoreMetrics.NONE);
        GetResult g = store.get("T", 0, 0, 10, Integer.MAX_VALUE, MessageFilter.ALL);
        assertThat(g.records())
                .extracting(r ->
                        new String(StoredMessageCodec.decode(r, true, false).getBody(), StandardCharsets.UTF_8))
                .startsWith("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
    }
}
