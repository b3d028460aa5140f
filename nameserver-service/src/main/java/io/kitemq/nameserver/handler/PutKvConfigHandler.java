package io.kitemq.nameserver.handler;

import io.kitemq.nameserver.KvConfigStore;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.PutKVConfigRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;

/** PUT_KV_CONFIG (100): sets a key in a namespace, persisted before the answer. Thread-safe. */
public final class PutKvConfigHandler implements RequestHandler {

    private final KvConfigStore kv;

    public PutKvConfigHandler(KvConfigStore kv) {
        this.kv = kv;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        PutKVConfigRequestHeader h = PutKVConfigRequestHeader.decode(request.extFields());
        kv.put(h.namespace(), h.key(), h.value());
        return RemotingCommand.success();
    }
}
