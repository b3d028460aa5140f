package io.kitemq.nameserver.handler;

import io.kitemq.nameserver.KvConfigStore;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetKVConfigRequestHeader;
import io.kitemq.protocol.header.GetKVConfigResponseHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;

/** GET_KV_CONFIG (101): one value, or QUERY_NOT_FOUND. Thread-safe. */
public final class GetKvConfigHandler implements RequestHandler {

    private final KvConfigStore kv;

    public GetKvConfigHandler(KvConfigStore kv) {
        this.kv = kv;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        GetKVConfigRequestHeader h = GetKVConfigRequestHeader.decode(request.extFields());
        String value = kv.get(h.namespace(), h.key());
        if (value == null) {
            return RemotingCommand.response(
                    ResponseCode.QUERY_NOT_FOUND, "No config item, Namespace: " + h.namespace() + " Key: " + h.key());
        }
        return RemotingCommand.success().header(new GetKVConfigResponseHeader(value));
    }
}
