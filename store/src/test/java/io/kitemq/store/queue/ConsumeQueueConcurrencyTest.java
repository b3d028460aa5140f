package io.kitemq.store.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer appends while readers (and a retention thread) run: readers only ever see complete entries. */
class ConsumeQueueConcurrencyTest {

    private static final int ENTRIES = 30_000;

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    // every field derives from the offset, so a torn entry (fields from two writes) cannot pass
    static long phy(long i) {
        return i * 1000 + 17;
    }

    static int size(long i) {
        return (int) (i % 997) + 1;
    }

    static long tag(long i) {
        return i * 0x9E3779B97F4A7C15L;
    }

    static void assertComplete(ConsumeQueueEntries batch, int n) {
        for (int i = 0; i < n; i++) {
            long o = batch.queueOffset(i);
            assertThat(batch.commitLogOffset(i)).as("offset %d", o).isEqualTo(phy(o));
            assertThat(batch.size(i)).as("offset %d", o).isEqualTo(size(o));
            assertThat(batch.tagHash(i)).as("offset %d", o).isEqualTo(tag(o));
        }
    }

    @Test
    void readersFollowingTheWriterSeeEveryEntryComplete() throws Exception {
        ConsumeQueue q = ConsumeQueue.open(dir, "TopicTest", 1, 64);
        Future<?> writer = pool.submit(() -> {
            for (long i = 0; i < ENTRIES; i++) {
                assertThat(q.put(i, phy(i), size(i), tag(i))).isTrue();
            }
        });
        List<Future<Long>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            int chunk = 1 + r * 31;
            readers.add(pool.submit(() -> {
                ConsumeQueueEntries batch = new ConsumeQueueEntries(chunk);
                long offset = 0;
                long seen = 0;
                while (offset < ENTRIES) {
                    int n = q.read(offset, chunk, batch);
                    assertComplete(batch, n);
                    for (int i = 0; i < n; i++) {
                        assertThat(batch.queueOffset(i)).isEqualTo(offset + i);
                    }
                    seen += n;
                    offset = batch.nextOffset();
                    if (n == 0) {
                        Thread.onSpinWait();
                    }
                }
                return seen;
            }));
        }
        writer.get(60, TimeUnit.SECONDS);
        for (Future<Long> reader : readers) {
            assertThat(reader.get(60, TimeUnit.SECONDS)).isEqualTo(ENTRIES);
        }
        q.close();
    }

    @Test
    void readersRacingRetentionReadOldEntriesOrNothing() throws Exception {
        ConsumeQueue q = ConsumeQueue.open(dir, "TopicTest", 2, 16);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        Future<?> writer = pool.submit(() -> {
            for (long i = 0; i < ENTRIES; i++) {
                assertThat(q.put(i, phy(i), size(i), tag(i))).isTrue();
                if (i == ENTRIES / 2) {
                    // on a busy 2-core machine the writer can finish before the reader or the cleaner is first
                    // scheduled; hold the second half until the reader has read and the cleaner has deleted, so
                    // all three really overlap
                    await().atMost(Duration.ofSeconds(30)).until(() -> reads.get() > 0 && q.minOffset() > 0);
                }
            }
            done.set(true);
        });
        Future<?> cleaner = pool.submit(() -> {
            while (!done.get()) {
                long max = q.maxOffset();
                q.deleteBefore(phy(Math.max(0, max - 200)));
                q.flush();
            }
        });
        Future<?> reader = pool.submit(() -> {
            ConsumeQueueEntries batch = new ConsumeQueueEntries(32);
            while (!done.get()) {
                long min = q.minOffset();
                long max = q.maxOffset();
                long from = min + (max - min) / 3;
                int n = q.read(from, 32, batch);
                assertComplete(batch, n);
                reads.addAndGet(n);
                n = q.read(Math.max(0, min - 5), 32, batch); // just below min: old entries or nothing
                assertComplete(batch, n);
            }
        });
        writer.get(60, TimeUnit.SECONDS);
        cleaner.get(60, TimeUnit.SECONDS);
        reader.get(60, TimeUnit.SECONDS);
        assertThat(q.minOffset()).isGreaterThan(0);
        assertThat(reads.get()).isPositive();
        q.close();
        ConsumeQueue reopened = ConsumeQueue.open(dir, "TopicTest", 2, 16);
        assertThat(reopened.maxOffset()).isEqualTo(ENTRIES);
    }
}
