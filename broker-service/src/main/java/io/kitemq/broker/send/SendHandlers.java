package io.kitemq.broker.send;

import io.kitemq.broker.BrokerMetrics;
import io.kitemq.broker.topic.TopicTable;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.remoting.RemotingServer;
import io.kitemq.store.MessageStore;
import java.util.concurrent.Executor;

/** Registers the send handlers on a server, sharing one {@link MessageAppender}. */
public final class SendHandlers {

    private SendHandlers() {}

    public static void register(RemotingServer server, Executor executor, MessageStore store, TopicTable topics, BrokerMetrics metrics,
            boolean writable, int defaultTopicQueueNums, boolean autoCreateTopic, String advertisedAddress) {
        MessageAppender appender = new MessageAppender(store, topics, metrics, writable, defaultTopicQueueNums, autoCreateTopic, advertisedAddress);
        SendMessageHandler single = new SendMessageHandler(appender);
        server.registerHandler(RequestCode.SEND_MESSAGE.code(), single, executor);
        server.registerHandler(RequestCode.SEND_MESSAGE_V2.code(), single, executor);
        server.registerHandler(RequestCode.SEND_BATCH_MESSAGE.code(), new SendBatchMessageHandler(appender), executor);
    }
}
