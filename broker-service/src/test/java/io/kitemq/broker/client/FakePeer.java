package io.kitemq.broker.client;

import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.RemotingPeer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A connection without a socket: records what is sent over it. Equal only to itself, like a real peer. */
public final class FakePeer implements RemotingPeer {

    private final String address;
    private volatile boolean active = true;
    private volatile boolean closed;
    public final List<RemotingCommand> oneways = new CopyOnWriteArrayList<>();
    public final List<RemotingCommand> responses = new CopyOnWriteArrayList<>();

    public FakePeer(String address) {
        this.address = address;
    }

    @Override
    public String remoteAddress() {
        return address;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    public void deactivate() {
        active = false;
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public void respond(RemotingCommand request, RemotingCommand response) {
        responses.add(response);
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("not in this test"));
    }

    @Override
    public CompletableFuture<Void> invokeOneway(RemotingCommand request) {
        oneways.add(request);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        closed = true;
        active = false;
    }

    @Override
    public String toString() {
        return "FakePeer[" + address + "]";
    }
}
