package io.kitemq.nameserver.handler;

import io.kitemq.nameserver.RouteTable;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.TopicList;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetTopicsByClusterRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;

/** GET_TOPICS_BY_CLUSTER (224): topics served by a broker of the cluster. Thread-safe. */
public final class GetTopicsByClusterHandler implements RequestHandler {

    private final RouteTable routes;

    public GetTopicsByClusterHandler(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        String cluster =
                GetTopicsByClusterRequestHeader.decode(request.extFields()).cluster();
        return RemotingCommand.success().body(BodyCodec.encode(new TopicList(routes.topicsOfCluster(cluster))));
    }
}
