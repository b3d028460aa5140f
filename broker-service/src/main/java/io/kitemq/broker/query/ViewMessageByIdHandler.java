package io.kitemq.broker.query;

import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.ViewMessageRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import io.kitemq.store.MessageStore;
import java.nio.ByteBuffer;

/** VIEW_MESSAGE_BY_ID (33): the stored record at a CommitLog offset (from an offsetMsgId). Thread-safe. */
public final class ViewMessageByIdHandler implements RequestHandler {

    private final MessageStore store;

    public ViewMessageByIdHandler(MessageStore store) {
        this.store = store;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        ViewMessageRequestHeader h = ViewMessageRequestHeader.decode(request.extFields());
        ByteBuffer record = store.readAt(h.offset());
        if (record == null) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR, "can not find message by the offset, " + h.offset());
        }
        return RemotingCommand.success().bodyBuffers(record);
    }
}
