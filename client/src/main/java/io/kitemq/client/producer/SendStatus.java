package io.kitemq.client.producer;

/**
 * How far a sent message got, from the broker's response code (PROTOCOL.md §4): stored ({@link #SEND_OK}),
 * or stored in memory but not yet as durable as the broker was configured to make it.
 *
 * <p>Immutable; thread-safe.
 */
public enum SendStatus {
    /** Stored as configured (code 0). */
    SEND_OK,
    /** Stored, but a SYNC-flush broker did not fsync in time (code 10). */
    FLUSH_DISK_TIMEOUT,
    /** Stored, but a SYNC master's slave did not confirm in time (code 12). */
    FLUSH_SLAVE_TIMEOUT,
    /** Stored, but a SYNC master has no slave to replicate to (code 11). */
    SLAVE_NOT_AVAILABLE;

    /** The status for a send response code, or {@code null} when the code is an error. */
    static SendStatus ofCode(int code) {
        return switch (code) {
            case 0 -> SEND_OK;
            case 10 -> FLUSH_DISK_TIMEOUT;
            case 11 -> SLAVE_NOT_AVAILABLE;
            case 12 -> FLUSH_SLAVE_TIMEOUT;
            default -> null;
        };
    }
}
