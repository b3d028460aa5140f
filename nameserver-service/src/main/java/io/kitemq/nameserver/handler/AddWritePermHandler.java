package io.kitemq.nameserver.handler;

import io.kitemq.nameserver.RouteTable;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.AddWritePermOfBrokerRequestHeader;
import io.kitemq.protocol.header.AddWritePermOfBrokerResponseHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;

/** ADD_WRITE_PERM_OF_BROKER (327): a broker group takes writes again; answers how many topics changed. Thread-safe. */
public final class AddWritePermHandler implements RequestHandler {

    private final RouteTable routes;

    public AddWritePermHandler(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        String broker =
                AddWritePermOfBrokerRequestHeader.decode(request.extFields()).brokerName();
        return RemotingCommand.success().header(new AddWritePermOfBrokerResponseHeader(routes.addWritePerm(broker)));
    }
}
