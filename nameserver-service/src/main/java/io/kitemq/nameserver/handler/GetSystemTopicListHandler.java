package io.kitemq.nameserver.handler;

import io.kitemq.nameserver.RouteTable;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.TopicList;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;

/**
 * GET_SYSTEM_TOPIC_LIST_FROM_NS (304): cluster and broker names, which RocketMQ's tools treat as
 * system topics (each broker also serves a topic named after itself and its cluster). Thread-safe.
 */
public final class GetSystemTopicListHandler implements RequestHandler {

    private final RouteTable routes;

    public GetSystemTopicListHandler(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        return RemotingCommand.success().body(BodyCodec.encode(new TopicList(routes.systemTopics())));
    }
}
