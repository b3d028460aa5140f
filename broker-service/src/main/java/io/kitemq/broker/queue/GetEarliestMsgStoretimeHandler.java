package io.kitemq.broker.queue;

import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetEarliestMsgStoretimeRequestHeader;
import io.kitemq.protocol.header.GetEarliestMsgStoretimeResponseHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import io.kitemq.store.MessageStore;

/** GET_EARLIEST_MSG_STORETIME (32): when the oldest stored message of a queue was stored. Thread-safe. */
public final class GetEarliestMsgStoretimeHandler implements RequestHandler {

    private final MessageStore store;

    public GetEarliestMsgStoretimeHandler(MessageStore store) {
        this.store = store;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        GetEarliestMsgStoretimeRequestHeader h = GetEarliestMsgStoretimeRequestHeader.decode(request.extFields());
        long time = store.earliestStoreTime(h.topic(), h.queueId());
        if (time < 0) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR, "queue " + h.topic() + "-" + h.queueId() + " holds no message");
        }
        return RemotingCommand.success().header(new GetEarliestMsgStoretimeResponseHeader(time));
    }
}
