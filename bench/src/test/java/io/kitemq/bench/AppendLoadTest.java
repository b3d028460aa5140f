package io.kitemq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.store.FlushMode;
import io.kitemq.store.MessageStore;
import io.kitemq.store.StoreConfig;
import io.kitemq.store.StoreMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendLoadTest {

    @TempDir
    Path dir;

    private MessageStore open(FlushMode mode) {
        StoreConfig config =
                StoreConfig.defaults(dir).withSegmentBytes(1 << 20, 1000).withFlushMode(mode);
        return MessageStore.open(config, InstantSource.system(), StoreMetrics.NONE);
    }

    @Test
    void callbackWritersAppendEveryMessageToTheirOwnQueue() throws Exception {
        try (MessageStore store = open(FlushMode.SYNC)) {
            AppendLoad load = new AppendLoad(store, "Bench", 1024, true, AppendLoad.Threads.CALLBACK);
            AppendLoad.Result r = load.runCount(8, 50);
            assertThat(r.failed()).isZero();
            assertThat(r.messages()).isEqualTo(8 * 50);
            assertThat(r.bodyBytes()).isEqualTo(8 * 50 * 1024L);
            // the ConsumeQueues are written by the dispatcher, after the acknowledgement
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (int q = 0; q < 8; q++) {
                    assertThat(store.maxOffset("Bench", q)).as("queue %d", q).isEqualTo(50);
                }
            });
        }
    }

    @Test
    void callbackWritersStopAtTheDeadlineAndLeaveNoRequestThreads() throws Exception {
        try (MessageStore store = open(FlushMode.ASYNC)) {
            AppendLoad load = new AppendLoad(store, "Bench", 128, false, AppendLoad.Threads.CALLBACK);
            AppendLoad.Result r = load.runFor(4, TimeUnit.MILLISECONDS.toNanos(200));
            assertThat(r.failed()).isZero();
            assertThat(r.messages()).isPositive();
            await().atMost(Duration.ofSeconds(30)).until(() -> stored(store, 4), n -> n == r.messages());
        }
        // the pool has terminated when runFor returns; its threads may take a moment more to die
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                        .noneMatch(t -> t.getName().startsWith("bench-request-")));
    }

    @Test
    void recordBytesIsWhatOneAppendWritesToTheCommitLog() throws Exception {
        try (MessageStore store = open(FlushMode.ASYNC)) {
            for (boolean uniqKey : new boolean[] {false, true}) {
                AppendLoad load = new AppendLoad(store, "BenchTopic", 1024, uniqKey);
                long before = store.commitLogMaxOffset();
                AppendLoad.Result r = load.runCount(1, 1);
                assertThat(r.failed()).isZero();
                assertThat(store.commitLogMaxOffset() - before)
                        .as("uniqKey %s", uniqKey)
                        .isEqualTo(load.recordBytes());
            }
        }
    }

    private static long stored(MessageStore store, int queues) {
        long n = 0;
        for (int q = 0; q < queues; q++) {
            n += store.maxOffset("Bench", q);
        }
        return n;
    }

    @Test
    void callbackWritersStopWhenTheStoreRefuses() throws Exception {
        MessageStore store = open(FlushMode.ASYNC);
        store.close();
        AppendLoad load = new AppendLoad(store, "Bench", 128, false, AppendLoad.Threads.CALLBACK);
        AppendLoad.Result r = load.runCount(3, 1_000_000);
        assertThat(r.messages()).isZero();
        assertThat(r.failed()).isEqualTo(3); // one refusal each, then the writer stops instead of spinning
        assertThat(r.firstFailure()).isNotBlank();
    }
}
