package io.kitemq.store;

/** When an append is acknowledged. */
public enum FlushMode {
    /** Once the record is in the page cache; a flusher thread forces it to disk at an interval. */
    ASYNC,
    /** Once the record is forced to disk; concurrent appenders share one fsync (group commit). */
    SYNC
}
