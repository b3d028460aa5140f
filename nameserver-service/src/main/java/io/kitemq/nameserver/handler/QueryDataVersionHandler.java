package io.kitemq.nameserver.handler;

import io.kitemq.nameserver.RouteTable;
import io.kitemq.protocol.ProtocolException;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.DataVersion;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.QueryDataVersionRequestHeader;
import io.kitemq.protocol.header.QueryDataVersionResponseHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;

/**
 * QUERY_DATA_VERSION (322): a broker asks whether its topic config version is the one held here, so it
 * can skip a full registration; counts as a heartbeat. Answers {@code changed} and the version held.
 * Thread-safe.
 */
public final class QueryDataVersionHandler implements RequestHandler {

    private final RouteTable routes;

    public QueryDataVersionHandler(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        QueryDataVersionRequestHeader h = QueryDataVersionRequestHeader.decode(request.extFields());
        DataVersion version;
        try {
            version = request.hasBody() ? BodyCodec.decode(request.body(), DataVersion.class) : DataVersion.ZERO;
        } catch (ProtocolException e) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.getMessage());
        }
        boolean changed = routes.dataVersionChanged(h.brokerAddr(), version);
        RemotingCommand response = RemotingCommand.success().header(new QueryDataVersionResponseHeader(changed));
        DataVersion held = routes.dataVersionOf(h.brokerAddr());
        if (held != null) {
            response.body(BodyCodec.encode(held));
        }
        return response;
    }
}
