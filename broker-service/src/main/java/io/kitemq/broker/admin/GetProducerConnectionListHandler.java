package io.kitemq.broker.admin;

import io.kitemq.broker.client.ClientConnection;
import io.kitemq.broker.client.ClientRegistry;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.Connection;
import io.kitemq.protocol.body.ProducerConnection;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetProducerConnectionListRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * GET_PRODUCER_CONNECTION_LIST (204, {@code mqadmin producerConnection}): the connected clients of a
 * producer group (client id, address, language, version) as a {@link ProducerConnection} body;
 * SYSTEM_ERROR when no client of the group is connected, as RocketMQ answers. Thread-safe.
 */
public final class GetProducerConnectionListHandler implements RequestHandler {

    private final ClientRegistry clients;

    public GetProducerConnectionListHandler(ClientRegistry clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        String group = GetProducerConnectionListRequestHeader.decode(request.extFields())
                .producerGroup();
        List<ClientConnection> producers = clients.producers(group);
        if (producers.isEmpty()) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "the producer group[" + group + "] not exist");
        }
        Set<Connection> connections = new LinkedHashSet<>();
        for (ClientConnection c : producers) {
            connections.add(new Connection(
                    c.clientId(), c.peer().remoteAddress(), c.language().name(), c.version()));
        }
        return RemotingCommand.success().body(BodyCodec.encode(new ProducerConnection(connections)));
    }
}
