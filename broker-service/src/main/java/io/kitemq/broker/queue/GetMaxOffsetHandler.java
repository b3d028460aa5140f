package io.kitemq.broker.queue;

import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetMaxOffsetRequestHeader;
import io.kitemq.protocol.header.GetMaxOffsetResponseHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import io.kitemq.store.MessageStore;

/** GET_MAX_OFFSET (30): one past the last message of a queue (0 for an unknown queue). Thread-safe. */
public final class GetMaxOffsetHandler implements RequestHandler {

    private final MessageStore store;

    public GetMaxOffsetHandler(MessageStore store) {
        this.store = store;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        GetMaxOffsetRequestHeader h = GetMaxOffsetRequestHeader.decode(request.extFields());
        return RemotingCommand.success()
                .header(new GetMaxOffsetResponseHeader(store.maxOffset(h.topic(), h.queueId())));
    }
}
