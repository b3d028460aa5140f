package io.kitemq.remoting;

/**
 * Told about connection lifecycle events of a server or client. Called on a network I/O thread: keep
 * it short and never block. Implementations must be thread-safe.
 */
public interface ConnectionListener {

    default void onConnect(RemotingPeer peer) {}

    /** The connection closed, for whatever reason; pending requests on it have already failed. */
    default void onClose(RemotingPeer peer) {}

    /** The connection was idle for the configured time and is being closed. */
    default void onIdle(RemotingPeer peer) {}

    /** The connection failed (broken frame, I/O error) and is being closed. */
    default void onException(RemotingPeer peer, Throwable cause) {}
}
