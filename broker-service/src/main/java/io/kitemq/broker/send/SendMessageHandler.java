package io.kitemq.broker.send;

import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.SendMessageRequestHeader;
import io.kitemq.protocol.header.SendMessageRequestHeaderV2;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;

/**
 * SEND_MESSAGE (10) and SEND_MESSAGE_V2 (310, the Java client's default: the same fields under short
 * names): stores one message; answers once it is stored (and flushed, in SYNC mode). Thread-safe.
 */
public final class SendMessageHandler implements RequestHandler {

    private final RemotingSend send;

    SendMessageHandler(RemotingSend send) {
        this.send = send;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        SendMessageRequestHeader header = request.code() == RequestCode.SEND_MESSAGE_V2.code()
                ? SendMessageRequestHeaderV2.decode(request.extFields()).toV1()
                : SendMessageRequestHeader.decode(request.extFields());
        return send.send(peer, request, header, header.batch() != null && header.batch());
    }
}
