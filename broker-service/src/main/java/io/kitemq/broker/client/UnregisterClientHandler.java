package io.kitemq.broker.client;

import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.UnregisterClientRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.Objects;

/**
 * UNREGISTER_CLIENT (35): a client shut down a producer and/or a consumer and leaves those groups at
 * once instead of expiring; the remaining consumers of the group are told to rebalance. Always answers
 * SUCCESS, as RocketMQ does, even when the client was not registered. Thread-safe.
 */
public final class UnregisterClientHandler implements RequestHandler {

    private final ClientRegistry registry;

    public UnregisterClientHandler(ClientRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        UnregisterClientRequestHeader h = UnregisterClientRequestHeader.decode(request.extFields());
        registry.unregister(h.clientId(), h.producerGroup(), h.consumerGroup());
        return RemotingCommand.success();
    }
}
