package io.kitemq.store;

import io.kitemq.protocol.message.MessageExt;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Builds messages the way the broker hands them to the store. */
public final class TestMessages {

    public static final InetSocketAddress BORN = new InetSocketAddress("127.0.0.1", 40000);
    public static final InetSocketAddress STORE = new InetSocketAddress("127.0.0.1", 10911);

    private TestMessages() {}

    public static MessageExt message(String topic, int queueId, String body) {
        return message(topic, queueId, body.getBytes(StandardCharsets.UTF_8));
    }

    public static MessageExt message(String topic, int queueId, byte[] body) {
        MessageExt m = new MessageExt();
        m.setTopic(topic);
        m.setQueueId(queueId);
        m.setBody(body);
        m.setBornHost(BORN);
        m.setStoreHost(STORE);
        m.setBornTimestamp(1_700_000_000_000L);
        return m;
    }
}
