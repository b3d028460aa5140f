package io.kitemq.broker.transaction;

import io.kitemq.broker.topic.SystemTopics;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageSysFlag;
import io.kitemq.protocol.message.PropertyKeys;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The shapes a transactional message takes, as RocketMQ gives them: the <em>half</em> message stored
 * invisibly in {@code RMQ_SYS_TRANS_HALF_TOPIC} queue 0 (real topic and queue in {@code REAL_TOPIC} /
 * {@code REAL_QID}, transaction bits cleared so the store indexes it like a plain message of that topic,
 * {@code __transactionId__} = its unique key); the <em>committed</em> message re-put into the real topic
 * (commit bits, {@code TRAN_MSG}, {@code REAL_*} removed, {@code UNIQ_KEY} kept, prepared-transaction
 * offset = the half's CommitLog offset); the copy sent to the producer with a check (real topic and
 * queue, {@code TRANSACTION_CHECK_TIMES}); and the <em>op</em> record that marks a half resolved.
 *
 * <p>Stateless; thread-safe.
 */
public final class HalfMessage {

    /** The op record's tag for a resolved half message (RocketMQ's {@code REMOVE_TAG}). */
    static final String OP_RESOLVED = "d";

    /** The op record's tag for one check sent (KiteMQ's: check counts survive a restart). */
    static final String OP_CHECKED = "c";

    /** Where half messages that were checked the maximum number of times are parked. */
    public static final String CHECK_MAX_TIME_TOPIC = "TRANS_CHECK_MAX_TIME_TOPIC";

    private HalfMessage() {}

    /** Whether a send with this sysFlag and properties is a prepared (half) message. */
    public static boolean isPrepared(int sysFlag, Map<String, String> properties) {
        return MessageSysFlag.transactionType(sysFlag) == MessageSysFlag.TRANSACTION_PREPARED_TYPE
                || Boolean.parseBoolean(properties.get(PropertyKeys.PROPERTY_TRANSACTION_PREPARED));
    }

    /** Turns a prepared message about to be stored into its half message (in place). */
    public static void toHalf(MessageExt m) {
        String uniq = m.getProperty(PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        if (uniq != null && !uniq.isEmpty()) {
            m.putProperty(PropertyKeys.PROPERTY_TRANSACTION_ID, uniq);
        }
        m.putProperty(PropertyKeys.PROPERTY_REAL_TOPIC, m.getTopic());
        m.putProperty(PropertyKeys.PROPERTY_REAL_QUEUE_ID, Integer.toString(m.getQueueId()));
        m.setSysFlag(MessageSysFlag.withTransactionType(m.getSysFlag(), MessageSysFlag.TRANSACTION_NOT_TYPE));
        m.setTopic(SystemTopics.TRANS_HALF_TOPIC);
        m.setQueueId(0);
    }

    /** The message a commit stores in the real topic, built from the stored half message. */
    static MessageExt committed(MessageExt half) {
        MessageExt m = copy(half);
        m.setTopic(half.getProperty(PropertyKeys.PROPERTY_REAL_TOPIC));
        m.setQueueId(Integer.parseInt(half.getProperty(PropertyKeys.PROPERTY_REAL_QUEUE_ID)));
        m.getProperties().remove(PropertyKeys.PROPERTY_REAL_TOPIC);
        m.getProperties().remove(PropertyKeys.PROPERTY_REAL_QUEUE_ID);
        m.getProperties().remove(PropertyKeys.PROPERTY_TRANSACTION_PREPARED);
        m.setSysFlag(MessageSysFlag.withTransactionType(half.getSysFlag(), MessageSysFlag.TRANSACTION_COMMIT_TYPE));
        m.setPreparedTransactionOffset(half.getCommitLogOffset());
        return m;
    }

    /** The half message parked after its last check, in {@link #CHECK_MAX_TIME_TOPIC} queue 0. */
    static MessageExt parked(MessageExt half) {
        MessageExt m = copy(half);
        m.setTopic(CHECK_MAX_TIME_TOPIC);
        m.setQueueId(0);
        return m;
    }

    /** The half message as the producer sees it in a check: real topic and queue, the check count. */
    static MessageExt forCheck(MessageExt half, int checks) {
        MessageExt m = copy(half);
        m.setTopic(half.getProperty(PropertyKeys.PROPERTY_REAL_TOPIC));
        m.setQueueId(Integer.parseInt(half.getProperty(PropertyKeys.PROPERTY_REAL_QUEUE_ID)));
        m.putProperty(PropertyKeys.PROPERTY_TRANSACTION_CHECK_TIMES, Integer.toString(checks));
        m.setQueueOffset(half.getQueueOffset());
        m.setCommitLogOffset(half.getCommitLogOffset());
        m.setStoreTimestamp(half.getStoreTimestamp());
        return m;
    }

    /** An op record in {@code RMQ_SYS_TRANS_OP_HALF_TOPIC} queue 0 about the half at queue offset {@code halfOffset}. */
    static MessageExt op(String tag, long halfOffset, InetSocketAddress storeHost, long nowMillis) {
        MessageExt m = new MessageExt();
        m.setTopic(SystemTopics.TRANS_OP_HALF_TOPIC);
        m.setQueueId(0);
        m.setBody(Long.toString(halfOffset).getBytes(StandardCharsets.UTF_8));
        Map<String, String> props = new HashMap<>();
        props.put(PropertyKeys.PROPERTY_TAGS, tag);
        m.setProperties(props);
        m.setBornTimestamp(nowMillis);
        m.setBornHost(storeHost);
        m.setStoreHost(storeHost);
        m.setSysFlag(MessageSysFlag.withHostFlags(0, storeHost, storeHost));
        return m;
    }

    /** The half queue offset an op record is about, or -1 for a record that is not one of ours. */
    static long opTarget(MessageExt op) {
        try {
            return Long.parseLong(new String(op.getBody(), StandardCharsets.UTF_8).trim());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static MessageExt copy(MessageExt half) {
        MessageExt m = new MessageExt();
        m.setBody(half.getBody());
        m.setFlag(half.getFlag());
        m.setProperties(new HashMap<>(half.getProperties()));
        m.setBornTimestamp(half.getBornTimestamp());
        m.setBornHost(half.getBornHost());
        m.setStoreHost(half.getStoreHost());
        m.setReconsumeTimes(half.getReconsumeTimes());
        m.setSysFlag(half.getSysFlag());
        return m;
    }
}
