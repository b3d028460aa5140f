package io.kitemq.broker.client;

import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.GetConsumerListByGroupResponseBody;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetConsumerListByGroupRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.List;
import java.util.Objects;

/**
 * GET_CONSUMER_LIST_BY_GROUP (38): the ids of a consumer group's online clients, sorted — the input of
 * every client's queue allocation. A group with no client is answered as RocketMQ answers it:
 * SYSTEM_ERROR "no consumer for this group, &lt;group&gt;" (clients log it and skip the rebalance until
 * the next round). Thread-safe.
 */
public final class GetConsumerListByGroupHandler implements RequestHandler {

    private final ClientRegistry registry;

    public GetConsumerListByGroupHandler(ClientRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        GetConsumerListByGroupRequestHeader h = GetConsumerListByGroupRequestHeader.decode(request.extFields());
        List<String> ids = registry.consumerIds(h.consumerGroup());
        if (ids.isEmpty()) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR, "no consumer for this group, " + h.consumerGroup());
        }
        return RemotingCommand.success().body(BodyCodec.encode(new GetConsumerListByGroupResponseBody(ids)));
    }
}
