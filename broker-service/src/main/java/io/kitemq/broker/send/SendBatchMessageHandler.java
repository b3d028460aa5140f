package io.kitemq.broker.send;

import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.SendMessageRequestHeaderV2;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;

/**
 * SEND_BATCH_MESSAGE (320): a body of encoded messages for one topic and queue, stored contiguously with
 * consecutive queue offsets; the answer carries their offsetMsgIds comma-joined. Thread-safe.
 */
public final class SendBatchMessageHandler implements RequestHandler {

    private final RemotingSend send;

    SendBatchMessageHandler(RemotingSend send) {
        this.send = send;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        return send.send(
                peer,
                request,
                SendMessageRequestHeaderV2.decode(request.extFields()).toV1(),
                true);
    }
}
