package io.kitemq.broker.schedule;

import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.store.GetResult;
import io.kitemq.store.GetStatus;
import io.kitemq.store.MessageFilter;
import io.kitemq.store.MessageStore;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reading parked messages back and putting them into their real topic, shared by the delay and timer
 * delivery services. The delivered message is the parked one with topic and queue from {@code REAL_TOPIC}
 * and {@code REAL_QID} and the delay properties ({@code DELAY}, {@code TIMER_DELIVER_MS},
 * {@code TIMER_DELAY_SEC}, {@code TIMER_DELAY_MS}) removed; everything else — body, flag, the other
 * properties ({@code UNIQ_KEY}, so the msgId, and {@code REAL_TOPIC}/{@code REAL_QID}, as RocketMQ keeps
 * them), sysFlag, born time and host, reconsume times — is kept.
 *
 * <p>Stateless and thread-safe.
 */
final class StagedMessages {

    private static final Logger log = LoggerFactory.getLogger(StagedMessages.class);

    /** Records read per queue read. */
    static final int READ_BATCH = 64;

    private static final int READ_BATCH_BYTES = 8 << 20;

    private StagedMessages() {}

    /** Up to {@link #READ_BATCH} parked records of a queue from {@code offset}. */
    static GetResult read(MessageStore store, String topic, int queueId, long offset) {
        return store.get(topic, queueId, offset, READ_BATCH, READ_BATCH_BYTES, MessageFilter.ALL);
    }

    /** Where to continue when a read found no records: past entries retention removed, else where it was. */
    static long skipRemoved(GetResult r, long offset) {
        boolean removed = r.status() == GetStatus.OFFSET_TOO_SMALL || r.status() == GetStatus.OFFSET_FOUND_NULL;
        return removed && r.nextBeginOffset() > offset ? r.nextBeginOffset() : offset;
    }

    /** The message to put into the real topic, from a parked record. */
    static MessageExt deliverable(ByteBuffer record) {
        MessageExt parked = StoredMessageCodec.decode(record, true, false);
        MessageExt m = new MessageExt();
        Map<String, String> properties = new HashMap<>(parked.getProperties());
        properties.remove(PropertyKeys.PROPERTY_DELAY_TIME_LEVEL);
        properties.remove(PropertyKeys.PROPERTY_TIMER_DELIVER_MS);
        properties.remove(PropertyKeys.PROPERTY_TIMER_DELAY_SEC);
        properties.remove(PropertyKeys.PROPERTY_TIMER_DELAY_MS);
        m.setProperties(properties);
        m.setTopic(parked.getProperty(PropertyKeys.PROPERTY_REAL_TOPIC));
        m.setQueueId(parseQueueId(parked.getProperty(PropertyKeys.PROPERTY_REAL_QUEUE_ID)));
        m.setBody(parked.getBody());
        m.setFlag(parked.getFlag());
        m.setSysFlag(parked.getSysFlag());
        m.setBornTimestamp(parked.getBornTimestamp());
        m.setBornHost(parked.getBornHost());
        m.setStoreHost(parked.getStoreHost());
        m.setReconsumeTimes(parked.getReconsumeTimes());
        return m;
    }

    /** {@link #deliverable}, or null (logged as ERROR, and skipped by {@link #put}) for a corrupt record. */
    static MessageExt deliverableOrNull(ByteBuffer record) {
        try {
            return deliverable(record);
        } catch (RuntimeException e) {
            log.error("skipping a parked message that cannot be read: {}", e.toString());
            return null;
        }
    }

    private static int parseQueueId(String s) {
        try {
            return s == null ? 0 : Math.max(0, Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Appends a delivered message and waits for the store (the delivery threads are the broker's own).
     *
     * @return whether it was stored
     */
    static boolean put(MessageStore store, MessageExt m) {
        if (m == null || m.getTopic() == null) {
            return true; // no real topic: nothing to deliver to; counted as done so the queue moves on
        }
        try {
            return store.append(m).join().isStored();
        } catch (CompletionException e) {
            return false;
        }
    }
}
