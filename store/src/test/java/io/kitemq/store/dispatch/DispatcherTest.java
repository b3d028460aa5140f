package io.kitemq.store.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.store.StoreMetrics;
import io.kitemq.store.TestMessages;
import io.kitemq.store.commitlog.CommitLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatch thread's wake-ups: appenders wake it only when it sleeps, and a stream keeps it napping. */
class DispatcherTest {

    @TempDir
    Path dir;

    CommitLog log;
    Dispatcher dispatcher;
    final AtomicInteger dispatchedRecords = new AtomicInteger();

    @BeforeEach
    void open() {
        log = CommitLog.open(dir, 1 << 20, 0);
        log.setWritePosition(0);
        dispatcher = new Dispatcher(log, 0, StoreMetrics.NONE);
        dispatcher.addTarget(r -> dispatchedRecords.incrementAndGet());
        dispatcher.start();
    }

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (log != null) {
            log.close();
        }
    }

    /** Appends one record and tells the dispatcher, as the store's appender does. */
    void append(int i) {
        TestMessages.appendRecord(log, "T", ("m" + i).getBytes(StandardCharsets.UTF_8));
        dispatcher.wakeup();
    }

    void awaitDispatched() {
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.dispatchedPosition() == log.writePosition());
    }

    @Test
    void appendsLessThanANapApartDoNotWakeTheDispatcher() {
        await().atMost(Duration.ofSeconds(10)).until(dispatcher::sleeping);
        int n = 2_000;
        for (int i = 0; i < n; i++) {
            append(i);
            // one append every ~20 µs: each dispatch round finds one or a few records, never a batch
            long until = System.nanoTime() + 20_000;
            while (System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
        }
        awaitDispatched();
        assertThat(dispatchedRecords).hasValue(n);
        // going to sleep after every small round made each append wake it (2,000 here); napping after any
        // round that found records leaves only the appends that came after an empty nap (a descheduled
        // appender) to wake it
        assertThat(dispatcher.wakeups())
                .as("wake-ups of the dispatcher for %d appends", n)
                .isLessThan(n / 10);
    }

    @Test
    void aSingleAppendIsDispatchedAndTheDispatcherGoesBackToSleep() {
        await().atMost(Duration.ofSeconds(10)).until(dispatcher::sleeping);
        append(0);
        awaitDispatched();
        assertThat(dispatchedRecords).hasValue(1);
        // one nap after the round, then asleep: an idle store does not keep a thread napping every 100 µs
        await().atMost(Duration.ofSeconds(10)).until(dispatcher::sleeping);
        append(1);
        awaitDispatched();
        assertThat(dispatchedRecords).hasValue(2);
    }
}
