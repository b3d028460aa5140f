package io.kitemq.nameserver.handler;

import io.kitemq.nameserver.RouteTable;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.UnRegisterBrokerRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;

/** UNREGISTER_BROKER (104): a broker leaves (clean shutdown); its queues leave every route. Thread-safe. */
public final class UnregisterBrokerHandler implements RequestHandler {

    private final RouteTable routes;

    public UnregisterBrokerHandler(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        UnRegisterBrokerRequestHeader h = UnRegisterBrokerRequestHeader.decode(request.extFields());
        routes.unregister(h.brokerAddr(), h.brokerName(), h.brokerId(), "it unregistered");
        return RemotingCommand.success();
    }
}
