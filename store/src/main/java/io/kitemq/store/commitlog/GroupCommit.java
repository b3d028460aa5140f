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
 * <p>Thread-safe: {@link #request} from any thread; one flushing thread.
 */
public final class GroupCommit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private record Request(long end, CompletableFuture<Boolean> done) {}

    private final CommitLog commitLog;
    private final StoreMetrics metrics;
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean failed;

    public GroupCommit(CommitLog commitLog, StoreMetrics metrics) {
        this.commitLog = commitLog;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "kitemq-store-group-commit");
        this.thread.setDaemon(true);
        this.thread.start();
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
            long flushed = commitLog.flushedPosition();
            for (Request req : batch) {
                if (!ok || req.end <= flushed) {
                    req.done.complete(ok);
                } else {
                    requests.add(req); // appended after this flush began; the next one covers it
                }
            }
            batch.clear();
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Request r;
        while ((r = requests.poll()) != null) {
            r.done.complete(false);
        }
    }
}
