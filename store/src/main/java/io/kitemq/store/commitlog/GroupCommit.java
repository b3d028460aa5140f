package io.kitemq.store.commitlog;

import io.kitemq.store.StoreMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SYNC flush with group commit: appenders ask for "everything up to my record's end is on disk" and
 * get a future; one thread drains all waiting requests, forces the log once up to the current write
 * position (which covers every drained request, since each was appended before it asked), and
 * completes them together. Under load one fsync serves many writers.
 *
 * <p><b>Gathering the group.</b> Writers that wait for their acknowledgement before appending again come
 * back right after a flush completes them. Flushing at once then catches only those that came back first,
 * and the rest wait a whole extra fsync. So a flush may first wait for the group it expects — the appends the
 * last flush acknowledged plus those that queued during it — but never longer than half the mean fsync time,
 * nor {@code maxWait}; with one writer it never waits. Whether to wait at all is measured, not assumed
 * ({@link GatherPolicy}): it pays when the writers are cheap to wake (virtual threads, network event loops)
 * and costs when each is a platform thread the kernel must wake on a busy machine. Linux's jbd2 journal
 * batches synchronous commits in a similar way (waiting up to its mean commit time).
 *
 * <p><b>Deadlines.</b> A request may carry a deadline (the SYNC flush timeout): a watchdog thread completes it
 * with false once that passes, even while an fsync hangs. Requests are watched in arrival order, so the
 * watchdog sleeps until the oldest one's deadline, and the flusher drops acknowledged requests from the
 * watch list as it goes. Under load it wakes about once per timeout. (Deadlines are almost in arrival order:
 * a request queued behind one due later, by the microseconds between two writers' appends, is that late.) A
 * JDK timer per request ({@code completeOnTimeout}) woke the common pool's delay scheduler ~15,000 times a
 * second under 64 writers: a context switch, on two cores, for every group of one or two appends.
 *
 * <p>Thread-safe: {@link #request} from any thread; one flushing thread, one watchdog thread.
 */
public final class GroupCommit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** How long an idle flusher parks between looks at the queue (a request wakes it at once). */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private record Request(long end, int appends, long deadline, CompletableFuture<Boolean> done) {}

    /** No deadline: the request waits for its flush however long that takes. */
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    /** The log's durable end: everything below it is on disk. */
    private final LongSupplier flushedPosition;
    /** Forces everything written and returns the new durable end; throws on an I/O error. */
    private final LongSupplier flush;

    private final StoreMetrics metrics;
    private final Runnable afterFlush;
    private final long maxWaitNanos;
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    /** Appends ever requested; the flusher counts those it has taken off the queue. */
    private final AtomicLong requested = new AtomicLong();
    /** While the flusher waits for its group, a request unparks it once {@link #requested} reaches this. */
    private volatile long wakeAt = Long.MAX_VALUE;
    /** The flusher found nothing to flush and parks (or is about to): every request unparks it. */
    private volatile boolean idle;

    private final Thread thread;
    /** Requests with a deadline, oldest first; the flusher drops completed ones from the head. */
    private final ConcurrentLinkedQueue<Request> watched = new ConcurrentLinkedQueue<>();
    /** When the watchdog wakes next (System.nanoTime); a request due earlier unparks it. */
    private volatile long watchdogWakesAt = Long.MAX_VALUE;

    private final Thread watchdog;
    /** The watchdog runs until the flusher has stopped: a flush hanging in {@link #close} still times out. */
    private volatile boolean watching = true;

    private volatile boolean running = true;
    private volatile boolean failed;

    // flusher thread only
    private final GatherPolicy policy;
    private long meanFlushNanos;
    private volatile long waits;

    /**
     * @param maxWait the longest a flush waits for the rest of its expected group (zero: never waits)
     */
    public GroupCommit(CommitLog commitLog, StoreMetrics metrics, Duration maxWait) {
        this(commitLog, metrics, maxWait, () -> {});
    }

    /**
     * @param afterFlush run by the flushing thread after each successful flush that advanced the log, once that
     *     flush's writers were completed (so it delays only the next flush; keep it short): housekeeping such as
     *     dropping flushed pages from the page cache
     */
    public GroupCommit(CommitLog commitLog, StoreMetrics metrics, Duration maxWait, Runnable afterFlush) {
        this(commitLog::flushedPosition, commitLog::flush, metrics, maxWait, new GatherPolicy(), afterFlush);
    }

    GroupCommit(CommitLog commitLog, StoreMetrics metrics, Duration maxWait, GatherPolicy policy) {
        this(commitLog::flushedPosition, commitLog::flush, metrics, maxWait, policy, () -> {});
    }

    GroupCommit(
            LongSupplier flushedPosition,
            LongSupplier flush,
            StoreMetrics metrics,
            Duration maxWait,
            GatherPolicy policy) {
        this(flushedPosition, flush, metrics, maxWait, policy, () -> {});
    }

    /** Over any log: its durable end, and a flush of everything written that returns the new end. */
    GroupCommit(
            LongSupplier flushedPosition,
            LongSupplier flush,
            StoreMetrics metrics,
            Duration maxWait,
            GatherPolicy policy,
            Runnable afterFlush) {
        this.flushedPosition = flushedPosition;
        this.afterFlush = afterFlush;
        this.flush = flush;
        this.policy = policy;
        this.metrics = metrics;
        this.maxWaitNanos = maxWait.toNanos();
        this.thread = new Thread(this::run, "kitemq-store-group-commit");
        this.thread.setDaemon(true);
        this.watchdog = new Thread(this::watch, "kitemq-store-group-commit-watchdog");
        this.watchdog.setDaemon(true);
        this.thread.start();
        this.watchdog.start();
    }

    /**
     * Completes with true once everything below {@code end} is forced to disk, or with false if the
     * flush failed (an I/O error) or the service closed first.
     *
     * @param appends how many appends (waiting writers) this request acknowledges; the flusher expects them
     *     back for the next group
     */
    public CompletableFuture<Boolean> request(long end, int appends) {
        return request(end, appends, NO_DEADLINE);
    }

    /**
     * As {@link #request(long, int)}, but completes with false once {@link System#nanoTime()} passes {@code
     * deadline} if the flush has not covered {@code end} by then (a flush that hangs must not hang its writers).
     */
    public CompletableFuture<Boolean> request(long end, int appends, long deadline) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (flushedPosition.getAsLong() >= end) {
            done.complete(true);
            return done;
        }
        if (!running || failed) {
            done.complete(false);
            return done;
        }
        Request request = new Request(end, appends, deadline, done);
        if (deadline != NO_DEADLINE) {
            watched.add(request);
            if (deadline - watchdogWakesAt < 0) {
                LockSupport.unpark(watchdog); // due before the watchdog would look: rare, it sleeps a timeout
            }
        }
        requests.add(request);
        if (!running && requests.remove(request)) { // closed meanwhile, maybe after its last look at the queue
            done.complete(false);
            return done;
        }
        // the queue before the flag, as the flusher sets the flag before it looks at the queue: one sees the other
        if (requested.addAndGet(appends) >= wakeAt || idle) {
            LockSupport.unpark(thread);
        }
        return done;
    }

    /** True once a flush failed: the store must turn read-only. */
    public boolean hasFailed() {
        return failed;
    }

    /** Flushes that waited for their group so far (read by tests once the flusher is idle). */
    long waits() {
        return waits;
    }

    /** Requests still on the watch list (tests: acknowledged ones must not pile up there). */
    int watchedRequests() {
        return watched.size();
    }

    private void run() {
        List<Request> batch = new ArrayList<>();
        long taken = 0; // appends taken off the queue (and not put back)
        long expected = 0; // the group the next flush expects
        while (running || !requests.isEmpty()) {
            taken += drain(batch);
            if (batch.isEmpty()) {
                idle = true;
                long parked = System.nanoTime();
                if (requests.isEmpty()) {
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
                idle = false;
                if (System.nanoTime() - parked >= IDLE_PARK_NANOS) {
                    expected = 0; // after a pause nobody is expected back
                }
                continue;
            }
            if (failed) {
                // a failed fsync may have dropped pages it could not write: acknowledge nothing more
                batch.forEach(r -> r.done.complete(false));
                batch.clear();
                continue;
            }
            int have = 0;
            long last = 0;
            for (Request r : batch) {
                have += r.appends;
                last = Math.max(last, r.end);
            }
            if (expected > have && last > flushedPosition.getAsLong() && shouldWait()) {
                taken += awaitGroup(batch, taken + (expected - have));
            }
            long before = flushedPosition.getAsLong();
            long start = System.nanoTime();
            boolean ok = flushOnce();
            long took = System.nanoTime() - start;
            long flushed = flushedPosition.getAsLong();
            if (ok) {
                metrics.flushed(flushed - before, took);
            }
            if (flushed > before) { // a flush with nothing new to force says nothing of the disk
                meanFlushNanos = meanFlushNanos == 0 ? took : (meanFlushNanos * 7 + took) / 8;
            }
            // counted before completing: a writer completed below may ask again at once, and it is counted in acked
            long arrived = requested.get();
            long acked = 0;
            for (Request req : batch) {
                if (!ok || req.end <= flushed) {
                    acked += req.appends;
                    req.done.complete(ok);
                } else {
                    taken -= req.appends;
                    requests.add(req); // appended after this flush began; the next one covers it
                }
            }
            batch.clear();
            dropCompletedWatched();
            policy.flushed(acked, System.nanoTime());
            // those acknowledged come back (if they wait for acknowledgements) and those queued meanwhile wait
            expected = acked + Math.max(0, arrived - taken);
            if (ok && flushed > before) {
                runAfterFlush();
            }
        }
    }

    /** Runs the after-flush hook; nothing it throws stops this thread (its writers would wait for ever). */
    private void runAfterFlush() {
        try {
            afterFlush.run();
        } catch (Throwable t) {
            log.warn("housekeeping after a CommitLog flush failed (the flush itself succeeded)", t);
        }
    }

    /** Forgets acknowledged requests at the head of the watch list, so it holds only those still waiting. */
    private void dropCompletedWatched() {
        Request r;
        while ((r = watched.peek()) != null && r.done.isDone()) {
            watched.remove(r); // that one exactly: the watchdog removes from the head too
        }
    }

    /**
     * The watchdog: completes with false every request whose deadline passed, then sleeps until the oldest
     * one still waiting is due, or for the longest deadline seen while none waits.
     */
    private void watch() {
        long idleSleep = TimeUnit.SECONDS.toNanos(1);
        while (watching) {
            long now = System.nanoTime();
            long next = now + idleSleep;
            Request r;
            while ((r = watched.peek()) != null) {
                if (r.done.isDone()) {
                    watched.remove(r); // that one exactly: the flusher removes from the head too
                } else if (r.deadline - now <= 0) {
                    watched.remove(r);
                    r.done.complete(false);
                } else {
                    // later requests are (nearly) due later; one due earlier unparks us when it is added
                    idleSleep = Math.max(idleSleep, r.deadline - now);
                    next = r.deadline;
                    break;
                }
            }
            watchdogWakesAt = next;
            // a request added to an empty list while we looked read the old wake time: look again. (One added
            // behind others is due about when they are, so waking for the head serves it too.)
            Request head = watched.peek();
            if (head != null && !head.done.isDone() && head.deadline - next < 0) {
                continue;
            }
            LockSupport.parkNanos(this, next - now);
        }
    }

    private int drain(List<Request> batch) {
        int n = 0;
        Request r;
        while ((r = requests.poll()) != null) {
            batch.add(r);
            n += r.appends;
        }
        return n;
    }

    /** Whether this flush may wait for its group: enabled, open, and chosen by the policy. */
    private boolean shouldWait() {
        return maxWaitNanos > 0 && running && meanFlushNanos > 0 && policy.shouldWait();
    }

    /**
     * Parks until {@code target} appends have been requested in all, or for half the mean fsync time (at most
     * {@code maxWait}), then takes what queued. Returns the appends taken.
     */
    private int awaitGroup(List<Request> batch, long target) {
        long deadline = System.nanoTime() + Math.min(maxWaitNanos, meanFlushNanos / 2);
        wakeAt = target;
        waits++;
        while (requested.get() < target && running) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            LockSupport.parkNanos(this, left);
        }
        wakeAt = Long.MAX_VALUE; // requests made during the flush need not wake it
        return drain(batch);
    }

    /** Forces the log; false (and failed for good) on an I/O error. */
    private boolean flushOnce() {
        try {
            flush.getAsLong();
            return true;
        } catch (RuntimeException | InternalError e) {
            log.error("CommitLog fsync failed; acknowledging no more SYNC appends", e);
            failed = true;
            return false;
        }
    }

    /** Wakes {@code t} (which has been told to stop) and waits for it, at most 10 s. */
    private static void stop(Thread t) {
        LockSupport.unpark(t);
        try {
            t.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Completes what is waiting (one last flush) and stops the thread. */
    @Override
    public void close() {
        running = false;
        stop(thread);
        watching = false;
        stop(watchdog);
        Request r;
        while ((r = requests.poll()) != null) {
            r.done.complete(false);
        }
        while ((r = watched.poll()) != null) {
            r.done.complete(false); // a flush still hanging after the join: its waiters must not hang too
        }
    }
}
