package io.kitemq.store.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer puts while readers query: every answer holds only offsets put for that key, newest first,
 * and includes every message whose put had returned before the query began.
 */
class IndexConcurrencyTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final int MESSAGES = 20_000;
    private static final int KEYS = 7;

    @TempDir
    Path dir;

    private static long offsetOf(int i) {
        return 1000L + 10L * i;
    }

    private static int messageAt(long offset) {
        return (int) ((offset - 1000) / 10);
    }

    @Test
    void queriesDuringWritesSeeOnlyCompleteEntries() throws Exception {
        // few slots and small files: long shared chains and frequent rolls while readers walk them
        IndexService index = IndexService.open(dir, 5, 500, InstantSource.fixed(Instant.parse("2024-01-01T00:00:00Z")));
        AtomicLong published = new AtomicLong(-1); // highest message whose put returned
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(
                    () -> {
                        try {
                            for (int i = 0; i < MESSAGES; i++) {
                                index.put("T", "k" + (i % KEYS) + " shared", "U" + i, offsetOf(i), T0 + i);
                                published.set(i);
                                if (i % 2_000 == 1_999) {
                                    index.deleteBefore(offsetOf(i - 10_000));
                                }
                            }
                        } finally {
                            done.set(true);
                        }
                    },
                    pool);
            List<CompletableFuture<Long>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                int seed = r;
                readers.add(CompletableFuture.supplyAsync(() -> read(index, published, done, seed), pool));
            }
            writer.get(120, TimeUnit.SECONDS);
            for (CompletableFuture<Long> reader : readers) {
                assertThat(reader.get(120, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(index.query("T", "U" + (MESSAGES - 1), 10, 0, Long.MAX_VALUE))
                .containsExactly(offsetOf(MESSAGES - 1));
        index.close();
    }

    /** Queries until the writer is done; returns how many queries it checked. */
    private static long read(IndexService index, AtomicLong published, AtomicBoolean done, int seed) {
        long queries = 0;
        int k = seed;
        while (!done.get() || queries == 0) {
            long seen = published.get();
            k = (k + 1) % KEYS;
            List<Long> got = index.query("T", "k" + k, 50, 0, Long.MAX_VALUE);
            for (int i = 0; i < got.size(); i++) {
                int m = messageAt(got.get(i));
                assertThat(m % KEYS)
                        .as("offset %d answered for k%d", got.get(i), k)
                        .isEqualTo(k);
                if (i > 0) {
                    assertThat(got.get(i)).isLessThan(got.get(i - 1));
                }
            }
            if (seen >= 0) {
                int newest = (int) seen;
                List<Long> shared = index.query("T", "shared", 3, 0, Long.MAX_VALUE);
                assertThat(shared).as("newest published %d", newest).isNotEmpty();
                assertThat(messageAt(shared.get(0))).isGreaterThanOrEqualTo(newest);
                List<Long> uniq = index.query("T", "U" + newest, 5, 0, Long.MAX_VALUE);
                assertThat(uniq).as("U%d after its put returned", newest).containsExactly(offsetOf(newest));
            }
            queries++;
        }
        return queries;
    }
}
