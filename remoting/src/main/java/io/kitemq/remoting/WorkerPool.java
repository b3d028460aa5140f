package io.kitemq.remoting;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A bounded thread pool for handlers and callbacks: fixed threads, a bounded queue, and rejection
 * (which the dispatcher turns into SYSTEM_BUSY) instead of unbounded growth.
 *
 * <p>Thread-safe.
 */
final class WorkerPool extends ThreadPoolExecutor {

    WorkerPool(String name, int threads, int queueCapacity) {
        super(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                new DefaultThreadFactory(name, true),
                new AbortPolicy());
    }

    /** Stops taking work and waits up to {@code grace} for queued work to finish. */
    boolean shutdownAndWait(Duration grace) {
        shutdown();
        try {
            if (!awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                shutdownNow();
                return awaitTermination(1, TimeUnit.SECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
