package io.kitemq.nameserver.handler;

import io.kitemq.nameserver.KvConfigStore;
import io.kitemq.nameserver.RouteTable;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.TopicRouteData;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetRouteInfoRequestHeader;
import io.kitemq.protocol.message.TopicName;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;

/**
 * GET_ROUTEINFO_BY_TOPIC (105): the queues and broker addresses of a topic, always as standard JSON
 * (whatever the caller's version), with the ordered-topic layout from the KV store when one is set.
 * An unknown topic is TOPIC_NOT_EXIST; an invalid name is a clear error. Thread-safe.
 */
public final class GetRouteInfoHandler implements RequestHandler {

    private final RouteTable routes;
    private final KvConfigStore kv;
    private final NameServerMetrics metrics;

    public GetRouteInfoHandler(RouteTable routes, KvConfigStore kv, NameServerMetrics metrics) {
        this.routes = routes;
        this.kv = kv;
        this.metrics = metrics;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        String topic = GetRouteInfoRequestHeader.decode(request.extFields()).topic();
        String invalid = TopicName.check(topic);
        if (invalid != null) {
            metrics.routeLookup(false);
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, invalid);
        }
        TopicRouteData route = routes.route(topic, kv.get(NameServerNamespaces.ORDER_TOPIC_CONFIG, topic));
        metrics.routeLookup(route != null);
        if (route == null) {
            return RemotingCommand.response(
                    ResponseCode.TOPIC_NOT_EXIST, "No topic route info in name server for the topic: " + topic);
        }
        return RemotingCommand.success().body(BodyCodec.encode(route));
    }
}
