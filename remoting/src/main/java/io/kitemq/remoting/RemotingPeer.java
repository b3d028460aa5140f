package io.kitemq.remoting;

import io.kitemq.protocol.command.RemotingCommand;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The other end of one connection, as seen by handlers and connection listeners: a broker uses it to
 * answer a held pull later, or to send a request to a connected client (transaction check-back,
 * consumer-ids-changed notification). Equal peers are the same connection.
 *
 * <p>Implementations are thread-safe.
 */
public interface RemotingPeer {

    /** The peer's address as {@code host:port}. */
    String remoteAddress();

    boolean isActive();

    /** Sends {@code response} as the answer to {@code request} (same opaque and serialization). */
    void respond(RemotingCommand request, RemotingCommand response);

    /** Sends a request to the peer and completes with its response, or fails with a {@link RemotingException}. */
    CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout);

    /** Sends a request that expects no answer; completes when it was written. */
    CompletableFuture<Void> invokeOneway(RemotingCommand request);

    void close();
}
