package io.kitemq.broker.client;

import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetConsumerConnectionListRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.Objects;

/**
 * GET_CONSUMER_CONNECTION_LIST (203, admin tools and consoles): a consumer group's connections (client
 * id, address, language, version), subscriptions and consume settings as a {@code ConsumerConnection}
 * body; CONSUMER_NOT_ONLINE when no client of the group is connected. Thread-safe.
 */
public final class GetConsumerConnectionListHandler implements RequestHandler {

    private final ClientRegistry registry;

    public GetConsumerConnectionListHandler(ClientRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        GetConsumerConnectionListRequestHeader h = GetConsumerConnectionListRequestHeader.decode(request.extFields());
        ConsumerGroup group = registry.consumerGroup(h.consumerGroup());
        if (group == null) {
            return RemotingCommand.response(
                    ResponseCode.CONSUMER_NOT_ONLINE, "the consumer group[" + h.consumerGroup() + "] not online");
        }
        return RemotingCommand.success().body(BodyCodec.encode(group.connection()));
    }
}
