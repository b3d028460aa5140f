package io.kitemq.nameserver.handler;

import io.kitemq.nameserver.RouteTable;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.TopicList;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;

/** GET_ALL_TOPIC_LIST_FROM_NAMESERVER (206): every topic some live broker serves. Thread-safe. */
public final class GetAllTopicListHandler implements RequestHandler {

    private final RouteTable routes;

    public GetAllTopicListHandler(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        return RemotingCommand.success().body(BodyCodec.encode(new TopicList(routes.topics())));
    }
}
