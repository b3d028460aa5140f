package io.kitemq.store;

import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.protocol.message.StoredMessageFormat;
import io.kitemq.store.commitlog.CommitLog;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Builds messages the way the broker hands them to the store, and stored records straight into a CommitLog. */
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

    /** Appends one encoded record of {@code body} in {@code topic}, queue 0, to {@code log}; returns its offset. */
    public static long appendRecord(CommitLog log, String topic, byte[] body) {
        return appendRecord(log, topic, body, 0);
    }

    /** As {@link #appendRecord(CommitLog, String, byte[])}, with {@code storeTimestamp} as the store time. */
    public static long appendRecord(CommitLog log, String topic, byte[] body, long storeTimestamp) {
        MessageExt m = message(topic, 0, body);
        m.setStoreTimestamp(storeTimestamp);
        // a property makes the record end in a non-zero byte, so cutting any of its bytes is detectable
        m.putProperty("p", "v");
        m.setBodyCRC(StoredMessageFormat.bodyCrc(body));
        byte[] probe = StoredMessageCodec.toBytes(m);
        return log.append(probe.length, (dst, offset) -> {
            m.setCommitLogOffset(offset);
            StoredMessageCodec.encode(dst, m);
        });
    }
}
