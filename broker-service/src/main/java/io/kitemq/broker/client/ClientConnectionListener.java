package io.kitemq.broker.client;

import io.kitemq.remoting.ConnectionListener;
import io.kitemq.remoting.RemotingPeer;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Feeds connection ends into the {@link ClientRegistry}: a connection that closes, goes idle or fails
 * takes its clients' registrations with it, and each client id that was registered over it is handed
 * to {@code clientGone} (the broker wires this to release the client's queue locks). Events for one
 * connection may arrive more than once (idle, then close); the second finds nothing left to drop.
 *
 * <p>Runs on a network I/O thread and never blocks. Thread-safe if {@code clientGone} is.
 */
public final class ClientConnectionListener implements ConnectionListener {

    private final ClientRegistry registry;
    private final Consumer<String> clientGone;

    public ClientConnectionListener(ClientRegistry registry, Consumer<String> clientGone) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clientGone = Objects.requireNonNull(clientGone, "clientGone");
    }

    @Override
    public void onClose(RemotingPeer peer) {
        drop(peer);
    }

    @Override
    public void onIdle(RemotingPeer peer) {
        drop(peer);
    }

    @Override
    public void onException(RemotingPeer peer, Throwable cause) {
        drop(peer);
    }

    private void drop(RemotingPeer peer) {
        registry.connectionClosed(peer).forEach(clientGone);
    }
}
