package io.kitemq.nameserver.handler;

import io.kitemq.nameserver.RouteTable;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;

/** GET_BROKER_CLUSTER_INFO (106): every broker group by cluster, with addresses by brokerId. Thread-safe. */
public final class GetBrokerClusterInfoHandler implements RequestHandler {

    private final RouteTable routes;

    public GetBrokerClusterInfoHandler(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        return RemotingCommand.success().body(BodyCodec.encode(routes.clusterInfo()));
    }
}
