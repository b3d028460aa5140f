package io.kitemq.protocol;

/**
 * Thrown when bytes or fields received from a peer do not form a valid protocol element: a broken
 * frame, a header that cannot be parsed, a missing required header field, a corrupt stored record.
 * The message names what was wrong so that it can be logged with the peer's address or returned as
 * a response remark.
 *
 * <p>Immutable and thread-safe.
 */
public class ProtocolException extends RuntimeException {

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
