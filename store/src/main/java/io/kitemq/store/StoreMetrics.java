package io.kitemq.store;

/**
 * Hooks through which the store reports what an operator graphs; the broker binds them to Micrometer.
 * Called from store threads on hot paths: implementations must be thread-safe, cheap and non-blocking.
 * All methods default to no-ops.
 */
public interface StoreMetrics {

    StoreMetrics NONE = new StoreMetrics() {};

    /** Messages appended (a batch counts its messages) and their bytes, and how long the append took. */
    default void appended(String topic, int messages, int bytes, long latencyNanos) {}

    /** An append was refused. */
    default void rejected(AppendStatus status) {}

    /** One fsync of the CommitLog and how long it took. */
    default void flushed(long bytes, long latencyNanos) {}

    /** Bytes written to the CommitLog but not yet dispatched to ConsumeQueues and indexes. */
    default void dispatchLag(long bytes) {}

    /** A CommitLog segment was deleted by retention. */
    default void segmentDeleted(long bytes) {}

    /** Flushed CommitLog pages beyond the page-cache window were dropped from the page cache. */
    default void pageCacheDropped(long bytes) {}
}
