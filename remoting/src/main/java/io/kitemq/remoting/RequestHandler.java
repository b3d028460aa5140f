package io.kitemq.remoting;

import io.kitemq.protocol.command.RemotingCommand;

/**
 * Serves one kind of request (one request code). Runs on the executor it was registered with, never on
 * a network I/O thread, so it may block briefly.
 *
 * <p>Return the response, or {@code null} to answer later through {@link RemotingPeer#respond} (long
 * polling) or not at all (oneway requests). The transport sets the response's opaque and serialization
 * from the request. A thrown exception becomes a {@code SYSTEM_ERROR} response whose remark carries its
 * message. Implementations must be thread-safe: one handler serves all connections.
 */
@FunctionalInterface
public interface RequestHandler {

    RemotingCommand handle(RemotingPeer peer, RemotingCommand request) throws Exception;
}
