package io.kitemq.remoting;

/**
 * A remote call failed for a transport reason: no connection, a write that did not go out, a closed
 * channel, a timeout, a shut-down endpoint. The message names the peer address. Subclasses say which.
 * Unchecked so that callers choose where to handle it; {@link #isRetriable()} tells whether the same
 * request might succeed on another attempt or another peer.
 *
 * <p>Immutable and thread-safe.
 */
public class RemotingException extends RuntimeException {

    private final boolean retriable;

    public RemotingException(String message, boolean retriable) {
        super(message);
        this.retriable = retriable;
    }

    public RemotingException(String message, Throwable cause, boolean retriable) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean isRetriable() {
        return retriable;
    }

    /** No connection could be made to the peer in time. Retriable. */
    public static final class ConnectException extends RemotingException {
        public ConnectException(String message, Throwable cause) {
            super(message, cause, true);
        }
    }

    /** The request could not be written, or its connection closed before the response came. Retriable. */
    public static final class SendException extends RemotingException {
        public SendException(String message, Throwable cause) {
            super(message, cause, true);
        }
    }

    /** No response arrived within the timeout. Retriable; the peer may still have acted on the request. */
    public static final class TimeoutException extends RemotingException {
        public TimeoutException(String message) {
            super(message, true);
        }
    }

    /** The local endpoint is shut down (or shutting down) and takes no more requests. Not retriable. */
    public static final class ShutdownException extends RemotingException {
        public ShutdownException(String message) {
            super(message, false);
        }
    }
}
