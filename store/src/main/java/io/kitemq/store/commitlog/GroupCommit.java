package io.kitemq.store.commitlog;

import io.kitemq.store.StoreMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SYNC flush with group commit: appenders ask for "everything up to my record's end is on disk" and
 * get a future; one thread drains all waiting requests, forces the log once up to the current write
 * position (which covers every drained request, since each was appended before it asked), and
 * completes them together. Under load one fsync serves many writers.
 *
 * <p>Completing a request wakes the writer waiting on it, and a wake-up costs a system call and a context
 * switch: with 64 writers that is most of a millisecond per round. So a second thread completes the
 * requests while the flushing thread goes straight on to the next fsync, covering the writers that woke
 * meanwhile: the disk never waits for the wake-ups.
 *
 * <p>Thread-safe: {@link #request} from any thread; one flushing thread and one completing thread.
 */
public final class GroupCommit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private record Request(long end, CompletableFuture<Boolean> done) {}

    private final CommitLog commitLog;
    private final StoreMetrics metrics;
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    /** Flushed requests (and the outcome) waiting for the completing thread. */
    private final ConcurrentLinkedQueue<Object> flushed = new ConcurrentLinkedQueue<>();

    private final Thread thread;
    private final Thread completer;
    private volatile boolean running = true;
    private volatile boolean failed;

    public GroupCommit(CommitLog commitLog, StoreMetrics metrics) {
        this.commitLog = commitLog;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "kitemq-store-group-commit");
        this.thread.setDaemon(true);
        this.completer = new Thread(this::complete, "kitemq-store-group-commit-completer");
        this.completer.setDaemon(true);
        this.thread.start();
        this.completer.start();
    }

    /**
     * Completes with true once everything below {@code end} is forced to disk, or with false if the
     * flush failed (an I/O error) or the service closed first.
     */
    public CompletableFuture<Boolean> request(long end) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (commitLog.flushedPosition() >= end) {
            done.complete(true);
            return done;
        }
        if (!running || failed) {
            done.complete(false);
            return done;
        }
        requests.add(new Request(end, done));
        LockSupport.unpark(thread);
        return done;
    }

    /** True once a flush failed: the store must turn read-only. */
    public boolean hasFailed() {
        return failed;
    }

    private void run() {
        List<Request> batch = new ArrayList<>();
        while (running || !requests.isEmpty()) {
            Request r;
            while ((r = requests.poll()) != null) {
                batch.add(r);
            }
            if (batch.isEmpty()) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
                continue;
            }
            boolean ok = flushOnce();
            long position = commitLog.flushedPosition();
            boolean handed = false;
            for (Request req : batch) {
                if (!ok || req.end <= position) {
                    flushed.add(ok ? req : new Failed(req));
                    handed = true;
                } else {
                    requests.add(req); // appended after this flush began; the next one covers it
                }
            }
            if (handed) {
                LockSupport.unpark(completer);
            }
            batch.clear();
        }
        LockSupport.unpark(completer);
    }

    /** A request whose flush failed. */
    private record Failed(Request request) {}

    /** The completing thread: wakes the writers of flushed requests. */
    private void complete() {
        while (true) {
            Object o;
            while ((o = flushed.poll()) != null) {
                if (o instanceof Failed f) {
                    f.request.done.complete(false);
                } else {
                    ((Request) o).done.complete(true);
                }
            }
            if (!thread.isAlive() && flushed.isEmpty()) {
                return;
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private boolean flushOnce() {
        long start = System.nanoTime();
        long before = commitLog.flushedPosition();
        try {
            long after = commitLog.flush();
            metrics.flushed(after - before, System.nanoTime() - start);
            return true;
        } catch (RuntimeException | InternalError e) {
            log.error("CommitLog fsync failed; acknowledging no more SYNC appends", e);
            failed = true;
            return false;
        }
    }

    /** Completes what is waiting (one last flush) and stops the thread. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            completer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Object o;
        while ((o = flushed.poll()) != null) { // only if the completer did not stop in time
            (o instanceof Failed f ? f.request : (Request) o).done.complete(!(o instanceof Failed));
        }
        Request r;
        while ((r = requests.poll()) != null) {
            r.done.complete(false);
        }
    }
}
