package io.kitemq.broker.send;

import io.kitemq.broker.send.SendOutcome.Verdict;
import io.kitemq.protocol.ProtocolException;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.SendMessageRequestHeader;
import io.kitemq.protocol.header.SendMessageResponseHeader;
import io.kitemq.protocol.message.BatchCodec;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageProperties;
import io.kitemq.remoting.PeerAddress;
import io.kitemq.remoting.RemotingPeer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The remoting door to the {@link SendPath}, shared by the send handlers: reads the messages of a send
 * request (one message from the body and the header's flag and properties, or a batch body of encoded
 * entries), hands them to the path with the connection's peer as born host, and answers with RocketMQ's
 * response code and send response header (offsetMsgIds comma-joined, queue id and offset). A refusal is
 * answered at once; a stored send when the store completes it.
 *
 * <p>Thread-safe.
 */
final class RemotingSend {

    private static final String REGION = "DefaultRegion";

    private final SendPath path;

    RemotingSend(SendPath path) {
        this.path = path;
    }

    /** Handles one send; returns the response when it is known now, or null after arranging it. */
    RemotingCommand send(RemotingPeer peer, RemotingCommand request, SendMessageRequestHeader header, boolean batch) {
        List<? extends Message> messages;
        try {
            messages = batch ? BatchCodec.decode(ByteBuffer.wrap(request.body())) : List.of(single(header, request));
        } catch (ProtocolException | IllegalArgumentException e) {
            return response(path.refused(
                    header.topic(),
                    ResponseCode.MESSAGE_ILLEGAL,
                    Verdict.INVALID,
                    "cannot read the message: " + e.getMessage()));
        }
        CompletableFuture<SendOutcome> outcome = path.send(bornHost(peer), header, messages);
        if (outcome.isDone()) {
            return response(outcome.join());
        }
        outcome.whenComplete((o, error) -> peer.respond(
                request,
                error != null
                        ? RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "send failed: " + error)
                        : response(o)));
        return null;
    }

    private static MessageExt single(SendMessageRequestHeader header, RemotingCommand request) {
        MessageExt m = new MessageExt();
        m.setBody(request.body());
        m.setFlag(header.flag());
        if (header.properties() != null) {
            m.setProperties(MessageProperties.decode(header.properties()));
        }
        return m;
    }

    private static RemotingCommand response(SendOutcome o) {
        if (!o.isStored()) {
            return RemotingCommand.response(o.code(), o.remark());
        }
        return RemotingCommand.response(o.code(), null)
                .header(new SendMessageResponseHeader(
                        o.joinedOffsetMsgIds(), o.queueId(), o.queueOffset(), null, null, null, REGION, Boolean.FALSE));
    }

    private static InetSocketAddress bornHost(RemotingPeer peer) {
        InetSocketAddress a = PeerAddress.parse(peer.remoteAddress());
        try {
            return new InetSocketAddress(InetAddress.getByName(a.getHostString()), a.getPort());
        } catch (UnknownHostException e) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), a.getPort());
        }
    }
}
