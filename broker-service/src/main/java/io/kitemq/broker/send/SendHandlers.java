package io.kitemq.broker.send;

import io.kitemq.protocol.code.RequestCode;
import io.kitemq.remoting.RemotingServer;
import java.util.concurrent.Executor;

/** Registers the send handlers on a server, all going through one {@link SendPath}. */
public final class SendHandlers {

    private SendHandlers() {}

    public static void register(RemotingServer server, Executor executor, SendPath path) {
        RemotingSend send = new RemotingSend(path);
        SendMessageHandler single = new SendMessageHandler(send);
        server.registerHandler(RequestCode.SEND_MESSAGE.code(), single, executor);
        server.registerHandler(RequestCode.SEND_MESSAGE_V2.code(), single, executor);
        server.registerHandler(RequestCode.SEND_BATCH_MESSAGE.code(), new SendBatchMessageHandler(send), executor);
    }
}
