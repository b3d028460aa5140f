package io.kitemq.store.commitlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.store.StoreMetrics;
import io.kitemq.store.TestMessages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GroupCommit} on a real CommitLog: acknowledgements after the fsync, and waiting for groups. */
class GroupCommitTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private CommitLog log() {
        CommitLog log = CommitLog.open(dir, 1 << 20);
        log.setWritePosition(0);
        open.add(log::abandon);
        return log;
    }

    private GroupCommit groupCommit(CommitLog log, Duration maxWait, GatherPolicy policy) {
        GroupCommit gc = new GroupCommit(log, new StoreMetrics() {}, maxWait, policy);
        open.add(gc);
        return gc;
    }

    /** Appends a record and asks for its fsync on behalf of {@code appends} writers. */
    private static CompletableFuture<Boolean> appendAndRequest(CommitLog log, GroupCommit gc, int appends) {
        long offset = TestMessages.appendRecord(log, "T", new byte[100]);
        return gc.request(log.readRecord(offset).remaining() + offset, appends);
    }

    @Test
    void aLoneWriterIsAcknowledgedAfterItsFsyncAndNeverWaitedFor() throws Exception {
        CommitLog log = log();
        GroupCommit gc = groupCommit(log, Duration.ofSeconds(1), new GatherPolicy(true, false));
        for (int i = 0; i < 200; i++) {
            long offset = TestMessages.appendRecord(log, "T", new byte[100]);
            long end = offset + log.readRecord(offset).remaining();
            assertThat(gc.request(end, 1).get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(log.flushedPosition()).isGreaterThanOrEqualTo(end);
        }
        // each flush acknowledged the one writer, who is back alone: there is never more to wait for
        assertThat(gc.waits()).isZero();
    }

    @Test
    void aFlushWaitsForItsGroupButNotForAWriterThatDoesNotComeBack() throws Exception {
        CommitLog log = log();
        // a maximum far above what the test allows: the wait is bounded by half the mean fsync time
        GroupCommit gc = groupCommit(log, Duration.ofSeconds(4), new GatherPolicy(true, false));
        CompletableFuture<Boolean> first = appendAndRequest(log, gc, 2); // two writers acknowledged together
        assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
        // only one of them comes back: the flush waits for the other, then flushes without it
        long started = System.nanoTime();
        CompletableFuture<Boolean> second = appendAndRequest(log, gc, 1);
        assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(gc.waits()).isEqualTo(1);
        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(3));
    }

    @Test
    void aZeroMaximumNeverWaits() throws Exception {
        CommitLog log = log();
        GroupCommit gc = groupCommit(log, Duration.ZERO, new GatherPolicy(true, false));
        assertThat(appendAndRequest(log, gc, 8).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(appendAndRequest(log, gc, 1).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(gc.waits()).isZero();
    }

    @Test
    void concurrentWritersAreAllAcknowledgedWhetherItWaitsOrNot() throws Exception {
        for (boolean waiting : new boolean[] {false, true}) {
            CommitLog log = CommitLog.open(dir.resolve("w" + waiting), 1 << 20);
            log.setWritePosition(0);
            open.add(log::abandon);
            GroupCommit gc = groupCommit(log, Duration.ofMillis(1), new GatherPolicy(waiting, false));
            List<Thread> writers = new ArrayList<>();
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            for (int w = 0; w < 8; w++) {
                Thread writer = new Thread(() -> {
                    try {
                        for (int i = 0; i < 100; i++) {
                            CompletableFuture<Boolean> done;
                            synchronized (log) { // CommitLog appends are single-writer
                                long offset = TestMessages.appendRecord(log, "T", new byte[64]);
                                done = gc.request(
                                        offset + log.readRecord(offset).remaining(), 1);
                            }
                            if (!done.get(5, TimeUnit.SECONDS)) {
                                throw new AssertionError("flush failed");
                            }
                        }
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                });
                writer.start();
                writers.add(writer);
            }
            for (Thread t : writers) {
                t.join();
            }
            assertThat(errors).isEmpty();
            assertThat(log.flushedPosition()).isEqualTo(log.writePosition());
        }
    }

    @Test
    void anIdleFlusherIsWokenByEachRequestNotByItsTimer() throws Exception {
        CommitLog log = log();
        GroupCommit gc = groupCommit(log, Duration.ZERO, new GatherPolicy());
        // the idle flusher parks for 10 ms at a time: 200 requests served by its timer would take 2 s; woken
        // at once they take 200 fsyncs (well under a second on any disk this runs on)
        long started = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            assertThat(appendAndRequest(log, gc, 1).get(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void afterAFailedFsyncNothingMoreIsAcknowledged() throws Exception {
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong durable = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.function.LongSupplier flush = () -> {
            if (broken.get()) {
                throw new java.io.UncheckedIOException(new java.io.IOException("Input/output error"));
            }
            durable.set(written.get());
            return durable.get();
        };
        GroupCommit gc =
                new GroupCommit(durable::get, flush, new StoreMetrics() {}, Duration.ofMillis(1), new GatherPolicy());
        open.add(gc);
        written.set(100);
        assertThat(gc.request(100, 1).get(5, TimeUnit.SECONDS)).isTrue();
        broken.set(true);
        written.set(200);
        assertThat(gc.request(200, 1).get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(gc.hasFailed()).isTrue();
        // the disk recovers (or seems to: a retried fsync can succeed after dropping pages): still nothing
        broken.set(false);
        written.set(300);
        assertThat(gc.request(300, 1).get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(durable.get()).isEqualTo(100);
    }

    @Test
    void aFlushThatHangsTimesOutRequestsWithADeadlineAndOnlyThose() throws Exception {
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong durable = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.function.LongSupplier flush = () -> {
            long target = written.get();
            try {
                release.await(); // a disk that stops answering
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            durable.set(target);
            return target;
        };
        GroupCommit gc = new GroupCommit(durable::get, flush, new StoreMetrics() {}, Duration.ZERO, new GatherPolicy());
        open.add(() -> {
            release.countDown();
            gc.close();
        });
        written.set(100);
        long now = System.nanoTime();
        CompletableFuture<Boolean> noDeadline = gc.request(100, 1);
        CompletableFuture<Boolean> soon = gc.request(100, 1, now + TimeUnit.MILLISECONDS.toNanos(50));
        CompletableFuture<Boolean> later = gc.request(100, 1, now + TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(soon.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(later.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(System.nanoTime() - now).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(noDeadline).isNotDone();
        // the watchdog has gone back to sleep, for a second at least; one due much sooner wakes it
        CompletableFuture<Boolean> urgent = gc.request(100, 1, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5));
        assertThat(urgent.get(700, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(noDeadline).isNotDone();
        release.countDown(); // the disk answers: what waited without a deadline is acknowledged
        assertThat(noDeadline.get(5, TimeUnit.SECONDS)).isTrue();
        written.set(200);
        assertThat(gc.request(200, 1, System.nanoTime() + TimeUnit.SECONDS.toNanos(5))
                        .get(5, TimeUnit.SECONDS))
                .isTrue();
    }

    @Test
    void aFailingAfterFlushHookRunsAfterEachAcknowledgementAndStopsNothing() throws Exception {
        java.util.concurrent.atomic.AtomicLong durable = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicInteger hooks = new java.util.concurrent.atomic.AtomicInteger();
        List<Boolean> ackedBeforeHook = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<CompletableFuture<Boolean>> current = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.Semaphore mayFlush = new java.util.concurrent.Semaphore(0);
        java.util.function.LongSupplier flush = () -> {
            try { // only once the test holds the request's future, which the hook looks at
                assertThat(mayFlush.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            durable.set(written.get());
            return durable.get();
        };
        GroupCommit gc =
                new GroupCommit(durable::get, flush, new StoreMetrics() {}, Duration.ZERO, new GatherPolicy(), () -> {
                    ackedBeforeHook.add(current.get(0).isDone());
                    hooks.incrementAndGet(); // last: the test moves on to the next round once it sees this
                    throw new StackOverflowError("housekeeping gone wrong"); // not even an Error stops the flusher
                });
        open.add(gc::close);
        for (int i = 1; i <= 3; i++) {
            written.set(100L * i);
            current.clear();
            CompletableFuture<Boolean> ack = gc.request(100L * i, 1);
            current.add(ack);
            mayFlush.release();
            assertThat(ack.get(5, TimeUnit.SECONDS)).isTrue();
            int round = i;
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hooks.get() == round);
        }
        assertThat(ackedBeforeHook).containsExactly(true, true, true);
        assertThat(gc.hasFailed()).isFalse();
    }

    @Test
    void closingWhileAFlushHangsStillTimesOutItsWaiters() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong durable = new java.util.concurrent.atomic.AtomicLong();
        java.util.function.LongSupplier flush = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            durable.set(100);
            return 100;
        };
        GroupCommit gc = new GroupCommit(durable::get, flush, new StoreMetrics() {}, Duration.ZERO, new GatherPolicy());
        CompletableFuture<Boolean> waiting = gc.request(100, 1, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300));
        Thread closer = new Thread(gc::close, "closer");
        closer.start();
        try {
            // close() waits for the hung flusher; the watchdog must keep enforcing deadlines meanwhile
            assertThat(waiting.get(5, TimeUnit.SECONDS)).isFalse();
        } finally {
            release.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(15));
        }
        assertThat(closer.isAlive()).isFalse();
    }

    @Test
    void concurrentWritersWithDeadlinesLeaveNothingOnTheWatchList() throws Exception {
        CommitLog log = log();
        GroupCommit gc = groupCommit(log, Duration.ofMillis(1), new GatherPolicy());
        Object appendLock = new Object();
        List<Thread> writers = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int w = 0; w < 4; w++) {
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < 300; i++) {
                        long end;
                        synchronized (appendLock) {
                            long offset = TestMessages.appendRecord(log, "T", new byte[100]);
                            end = offset + log.readRecord(offset).remaining();
                        }
                        assertThat(gc.request(end, 1, System.nanoTime() + TimeUnit.SECONDS.toNanos(5))
                                        .get(10, TimeUnit.SECONDS))
                                .isTrue();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            writers.add(t);
            t.start();
        }
        for (Thread t : writers) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertThat(failures).isEmpty();
        // the last flush's requests may still be on the list for a moment; none may stay there for good
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            // a request after the others makes the flusher prune the list once more
            long offset;
            synchronized (appendLock) {
                offset = TestMessages.appendRecord(log, "T", new byte[100]);
            }
            gc.request(offset + log.readRecord(offset).remaining(), 1, System.nanoTime() + 5_000_000_000L)
                    .get(5, TimeUnit.SECONDS);
            return gc.watchedRequests() <= 1;
        });
    }

    @Test
    void requestsWithDeadlinesAreAcknowledgedNormallyAndNotKeptAfterwards() throws Exception {
        CommitLog log = log();
        GroupCommit gc = groupCommit(log, Duration.ofMillis(1), new GatherPolicy());
        for (int i = 0; i < 500; i++) {
            long offset = TestMessages.appendRecord(log, "T", new byte[100]);
            long end = offset + log.readRecord(offset).remaining();
            assertThat(gc.request(end, 1, System.nanoTime() + TimeUnit.SECONDS.toNanos(5))
                            .get(5, TimeUnit.SECONDS))
                    .isTrue();
        }
        assertThat(gc.watchedRequests()).isLessThanOrEqualTo(1); // the flusher drops acknowledged ones
    }

    @Test
    void requestsAfterCloseAreRefusedAtOnce() throws Exception {
        CommitLog log = log();
        GroupCommit gc = groupCommit(log, Duration.ofMillis(1), new GatherPolicy());
        CompletableFuture<Boolean> before = appendAndRequest(log, gc, 1);
        gc.close();
        assertThat(before.get(5, TimeUnit.SECONDS)).isTrue(); // the last flush covered it
        assertThat(appendAndRequest(log, gc, 1).get(5, TimeUnit.SECONDS)).isFalse();
    }
}
