package io.kitemq.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.store.file.PageCache;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Dropping pages for real, checked with util-linux's {@code fincore}: run by the tests in their own JVM when it
 * can drop pages (Java 22+), and through {@link #main} in a Java 22+ child JVM when the tests run on an older one.
 */
public final class PageCacheScenarios {

    private PageCacheScenarios() {}

    /** Whether util-linux's fincore is on this machine (it says how much of a file is cached). */
    static boolean fincoreAvailable() {
        try {
            Process p = new ProcessBuilder("fincore", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Bytes of {@code file} in the page cache. */
    static long cachedBytes(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("fincore", "--bytes", "--noheadings", "--output", "RES", file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("fincore: %s", out).isZero();
        return Long.parseLong(out);
    }

    /** A written and forced file loses exactly the dropped range from the page cache. */
    static void aDroppedRangeLeavesThePageCache(Path dir) throws Exception {
        Path file = dir.resolve("pages");
        byte[] bytes = new byte[16 << 20];
        new Random(7).nextBytes(bytes);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true); // clean pages: dirty ones are only queued for write-back, not dropped
        }
        assertThat(cachedBytes(file)).isEqualTo(16 << 20);
        assertThat(PageCache.drop(file, 4 << 20, 8 << 20)).isTrue();
        assertThat(cachedBytes(file)).isEqualTo(8 << 20);
        assertThat(Files.readAllBytes(file)).as("dropping loses nothing").isEqualTo(bytes);
        assertThat(PageCache.drop(dir.resolve("missing"), 0, 4096))
                .as("a file that is gone")
                .isFalse();
    }

    /**
     * A SYNC store with a 64 MiB window over 16 MiB segments: after ~110 MiB of 64 KiB messages its oldest segments
     * left the page cache, the newest stayed, and every message still reads back whole.
     */
    static void aStoreDropsWhatIsBeyondItsWindowAndStillReadsEverything(Path dir) throws Exception {
        AtomicLong dropped = new AtomicLong();
        StoreConfig config = StoreConfig.defaults(dir)
                .withSegmentBytes(16 << 20, 10_000)
                .withFlushMode(FlushMode.SYNC)
                .withPageCacheWindow(StoreConfig.MIN_PAGE_CACHE_WINDOW_BYTES);
        Random random = new Random(11);
        List<byte[]> bodies = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        try (MessageStore store = MessageStore.open(config, InstantSource.fixed(Instant.now()), new StoreMetrics() {
            @Override
            public void pageCacheDropped(long bytes) {
                dropped.addAndGet(bytes);
            }
        })) {
            for (int i = 0; i < 1700; i++) {
                byte[] body = new byte[64 << 10];
                random.nextBytes(body);
                AppendResult r =
                        store.append(TestMessages.message("T", 0, body)).get(30, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
                bodies.add(body);
                offsets.add(r.commitLogOffset());
            }
            long end = store.commitLogMaxOffset();
            assertThat(end).isGreaterThan(StoreConfig.MIN_PAGE_CACHE_WINDOW_BYTES + (32 << 20));
            assertThat(dropped.get()).as("bytes dropped").isGreaterThan(16 << 20);
            Path oldest = dir.resolve("commitlog").resolve(String.format("%020d", 0));
            Path newest = dir.resolve("commitlog").resolve(String.format("%020d", (end - 1) / (16 << 20) * (16 << 20)));
            assertThat(cachedBytes(oldest))
                    .as("the oldest segment left the page cache")
                    .isZero();
            assertThat(cachedBytes(newest)).as("the newest stays").isPositive();
            for (int i = 0; i < bodies.size(); i++) {
                MessageExt m = StoredMessageCodec.decode(store.readAt(offsets.get(i)), true, false);
                assertThat(m.getBody()).as("message %d", i).isEqualTo(bodies.get(i));
            }
        }
    }

    /** Runs both scenarios in the directory {@code args[0]}; exits non-zero (an exception) if one fails. */
    public static void main(String[] args) throws Exception {
        if (!PageCache.available()) {
            throw new IllegalStateException("cannot drop pages here: " + PageCache.unavailableReason());
        }
        Path dir = Path.of(args[0]);
        aDroppedRangeLeavesThePageCache(Files.createDirectories(dir.resolve("file")));
        aStoreDropsWhatIsBeyondItsWindowAndStillReadsEverything(Files.createDirectories(dir.resolve("store")));
        System.out.println("page cache scenarios passed on Java " + Runtime.version());
    }
}
