package io.kitemq.nameserver.handler;

import io.kitemq.nameserver.KvConfigStore;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.DeleteKVConfigRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;

/** DELETE_KV_CONFIG (102): removes a key (absent keys succeed too, as in RocketMQ). Thread-safe. */
public final class DeleteKvConfigHandler implements RequestHandler {

    private final KvConfigStore kv;

    public DeleteKvConfigHandler(KvConfigStore kv) {
        this.kv = kv;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        DeleteKVConfigRequestHeader h = DeleteKVConfigRequestHeader.decode(request.extFields());
        kv.delete(h.namespace(), h.key());
        return RemotingCommand.success();
    }
}
