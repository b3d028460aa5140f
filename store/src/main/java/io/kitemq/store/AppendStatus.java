package io.kitemq.store;

/** The outcome of an append; the broker maps it to a response code. */
public enum AppendStatus {
    /** Stored (and, in SYNC mode, forced to disk). */
    PUT_OK,
    /** Stored in the page cache, but the SYNC fsync did not finish within syncFlushTimeout. */
    FLUSH_DISK_TIMEOUT,
    /** Rejected: body too large, topic invalid, batch not fitting a segment. Nothing stored. */
    MESSAGE_ILLEGAL,
    /** Rejected: properties longer than 32767 bytes. Nothing stored. */
    PROPERTIES_SIZE_EXCEEDED,
    /** Rejected: the store is read-only (I/O error, disk full) or shut down. Nothing stored. */
    SERVICE_NOT_AVAILABLE
}
