package io.kitemq.nameserver.handler;

import io.kitemq.nameserver.BrokerRegistration;
import io.kitemq.nameserver.KvConfigStore;
import io.kitemq.nameserver.RouteTable;
import io.kitemq.protocol.ProtocolException;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.KVTable;
import io.kitemq.protocol.body.RegisterBrokerBody;
import io.kitemq.protocol.body.RegisterBrokerBodyFormat;
import io.kitemq.protocol.body.TopicConfigSerializeWrapper;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.RegisterBrokerRequestHeader;
import io.kitemq.protocol.header.RegisterBrokerResponseHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * REGISTER_BROKER (103): a broker announces itself and (a master) its topics, plain or compressed
 * body; also its periodic heartbeat. Answers a slave with its master's address and HA address, and
 * every broker with the ORDER_TOPIC_CONFIG namespace. A body whose CRC32 does not match the header's is
 * refused. Thread-safe.
 */
public final class RegisterBrokerHandler implements RequestHandler {

    private final RouteTable routes;
    private final KvConfigStore kv;
    private final NameServerMetrics metrics;

    public RegisterBrokerHandler(RouteTable routes, KvConfigStore kv, NameServerMetrics metrics) {
        this.routes = routes;
        this.kv = kv;
        this.metrics = metrics;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        RegisterBrokerRequestHeader h = RegisterBrokerRequestHeader.decode(request.extFields());
        byte[] body = request.body();
        if (h.bodyCrc32() != 0 && body.length > 0 && crc32(body) != h.bodyCrc32()) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR,
                    "register broker body CRC32 does not match the header: body damaged in transit");
        }
        RegisterBrokerBody parsed;
        try {
            parsed = body.length == 0
                    ? null
                    : h.compressed()
                            ? RegisterBrokerBodyFormat.decode(body)
                            : BodyCodec.decode(body, RegisterBrokerBody.class);
        } catch (ProtocolException e) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR,
                    "cannot read the register broker body from " + h.brokerAddr() + ": " + e.getMessage());
        }
        TopicConfigSerializeWrapper wrapper = parsed == null ? null : parsed.topicConfigSerializeWrapper();
        RouteTable.RegisterResult result = routes.register(new BrokerRegistration(
                h.clusterName(),
                h.brokerName(),
                h.brokerAddr(),
                h.brokerId(),
                h.haServerAddr(),
                h.heartbeatTimeoutMillis(),
                wrapper == null ? null : wrapper.dataVersion(),
                wrapper == null ? null : wrapper.topicConfigTable(),
                parsed == null ? null : parsed.filterServerList(),
                peer));
        metrics.registration();
        Map<String, String> order = kv.namespace(NameServerNamespaces.ORDER_TOPIC_CONFIG);
        RemotingCommand response = RemotingCommand.success()
                .header(new RegisterBrokerResponseHeader(result.haServerAddr(), result.masterAddr()));
        if (order != null) {
            response.body(BodyCodec.encode(new KVTable(order)));
        }
        return response;
    }

    private static int crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }
}
