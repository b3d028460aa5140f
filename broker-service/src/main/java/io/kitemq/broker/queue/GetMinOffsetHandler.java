package io.kitemq.broker.queue;

import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetMinOffsetRequestHeader;
import io.kitemq.protocol.header.GetMinOffsetResponseHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import io.kitemq.store.MessageStore;

/** GET_MIN_OFFSET (31): the first offset still stored in a queue. Thread-safe. */
public final class GetMinOffsetHandler implements RequestHandler {

    private final MessageStore store;

    public GetMinOffsetHandler(MessageStore store) {
        this.store = store;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        GetMinOffsetRequestHeader h = GetMinOffsetRequestHeader.decode(request.extFields());
        return RemotingCommand.success()
                .header(new GetMinOffsetResponseHeader(store.minOffset(h.topic(), h.queueId())));
    }
}
