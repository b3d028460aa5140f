package io.kitemq.nameserver.handler;

import io.kitemq.nameserver.RouteTable;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.DeleteTopicFromNamesrvRequestHeader;
import io.kitemq.protocol.message.TopicName;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;

/**
 * DELETE_TOPIC_IN_NAMESRV (216): removes a topic from the routes (all brokers, or those of one cluster).
 * Brokers that still have it will bring it back with their next registration, as in RocketMQ: delete
 * it on the brokers first. Thread-safe.
 */
public final class DeleteTopicHandler implements RequestHandler {

    private final RouteTable routes;

    public DeleteTopicHandler(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        DeleteTopicFromNamesrvRequestHeader h = DeleteTopicFromNamesrvRequestHeader.decode(request.extFields());
        String invalid = TopicName.check(h.topic());
        if (invalid != null) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, invalid);
        }
        routes.deleteTopic(h.topic(), h.clusterName());
        return RemotingCommand.success();
    }
}
