package io.kitemq.nameserver.handler;

import io.kitemq.nameserver.KvConfigStore;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.KVTable;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetKVListByNamespaceRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.Map;

/** GET_KVLIST_BY_NAMESPACE (219): a whole namespace as a KVTable, or QUERY_NOT_FOUND. Thread-safe. */
public final class GetKvListByNamespaceHandler implements RequestHandler {

    private final KvConfigStore kv;

    public GetKvListByNamespaceHandler(KvConfigStore kv) {
        this.kv = kv;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        String namespace =
                GetKVListByNamespaceRequestHeader.decode(request.extFields()).namespace();
        Map<String, String> table = kv.namespace(namespace);
        if (table == null) {
            return RemotingCommand.response(ResponseCode.QUERY_NOT_FOUND, "No config item, Namespace: " + namespace);
        }
        return RemotingCommand.success().body(BodyCodec.encode(new KVTable(table)));
    }
}
