package io.kitemq.client.admin;

import io.kitemq.client.FatalClientException;
import io.kitemq.client.TopicNotFoundException;
import io.kitemq.protocol.body.QueueData;
import io.kitemq.protocol.body.TopicRouteData;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageQueue;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.protocol.message.TopicName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Resends the dead letters of a consumer group ({@code %DLQ%<group>}) to the topics they came from.
 *
 * <p>The original topic of a dead letter is its {@code DLQ_ORIGIN_TOPIC} property (RocketMQ 5 brokers set
 * it), else its {@code RETRY_TOPIC} property (set when it was first sent back for retry). Each is sent as
 * a new message with the same body, flag, tags, keys, user properties and client id ({@code UNIQ_KEY}),
 * without the retry/dead-letter bookkeeping properties, so consumers of the topic receive it afresh.
 *
 * <p>Progress is committed on the broker as the group's offset on its DLQ topic, so a second resend
 * starts where the first stopped (and {@code consumer progress} shows the letters not yet resent as lag).
 * A resend reads each queue only up to the end it had when the resend started. Thread-safe.
 */
public final class DeadLetters {

    private static final int BATCH = 32;
    private static final Set<String> DROPPED = Set.of(
            PropertyKeys.PROPERTY_RETRY_TOPIC,
            PropertyKeys.PROPERTY_DLQ_ORIGIN_TOPIC,
            PropertyKeys.PROPERTY_DLQ_ORIGIN_MESSAGE_ID,
            PropertyKeys.PROPERTY_REAL_TOPIC,
            PropertyKeys.PROPERTY_REAL_QUEUE_ID,
            PropertyKeys.PROPERTY_DELAY_TIME_LEVEL,
            PropertyKeys.PROPERTY_MAX_RECONSUME_TIMES,
            PropertyKeys.PROPERTY_RECONSUME_TIME,
            PropertyKeys.PROPERTY_ORIGIN_MESSAGE_ID,
            PropertyKeys.PROPERTY_CONSUME_START_TIMESTAMP,
            PropertyKeys.PROPERTY_MIN_OFFSET,
            PropertyKeys.PROPERTY_MAX_OFFSET,
            PropertyKeys.PROPERTY_TRANSACTION_PREPARED,
            PropertyKeys.PROPERTY_PRODUCER_GROUP);

    private final AdminRpc rpc;
    private final MessageAdmin messages;
    private final QueueOffsets offsets;

    DeadLetters(AdminRpc rpc, MessageAdmin messages, QueueOffsets offsets) {
        this.rpc = rpc;
        this.messages = messages;
        this.offsets = offsets;
    }

    /** The dead-letter topic of {@code group}. */
    public static String topicOf(String group) {
        return TopicName.DLQ_PREFIX + group;
    }

    /**
     * Resends every dead letter of {@code group} not resent before, at most {@code max} of them.
     *
     * @return the count resent (0 when the group has no dead-letter topic)
     */
    public ResendResult resend(String group, int max) {
        GroupAdmin.checkName(group);
        if (max < 1) {
            throw new FatalClientException("Resend of group " + group + ": max must be >= 1, got " + max);
        }
        String dlq = topicOf(group);
        TopicRouteData route;
        try {
            route = rpc.route(dlq);
        } catch (TopicNotFoundException noDeadLetters) {
            return new ResendResult(group, 0, 0, Map.of());
        }
        Tally tally = new Tally(max);
        Map<String, TopicRouteData> targets = new LinkedHashMap<>();
        for (ClusterView.NamedBroker broker : ClusterView.routeMasters(route)) {
            for (QueueData q : route.queueDatas()) {
                if (q.brokerName().equals(broker.name())) {
                    for (int id = 0; id < q.readQueueNums() && !tally.full(); id++) {
                        resendQueue(group, new MessageQueue(dlq, broker.name(), id), broker.address(), tally, targets);
                    }
                }
            }
        }
        return new ResendResult(group, tally.resent, tally.skipped, tally.byTopic);
    }

    private void resendQueue(
            String group, MessageQueue q, String broker, Tally tally, Map<String, TopicRouteData> targets) {
        long end = offsets.max(broker, q.topic(), q.queueId());
        long min = offsets.min(broker, q.topic(), q.queueId());
        long offset = Math.max(
                min, offsets.committed(broker, group, q.topic(), q.queueId()).orElse(min));
        long start = offset;
        try {
            while (offset < end && !tally.full()) {
                int want = (int) Math.min(BATCH, Math.min(end - offset, tally.room()));
                PulledMessages read = messages.pull(q.topic(), q.brokerName(), q.queueId(), offset, want);
                if (read.status() == PulledMessages.Status.OFFSET_ILLEGAL) {
                    offset = read.nextBeginOffset();
                    continue;
                }
                if (read.status() != PulledMessages.Status.FOUND) {
                    break;
                }
                for (MessageExt dead : read.messages()) {
                    if (dead.getQueueOffset() >= end || tally.full()) {
                        break;
                    }
                    resendOne(dead, tally, targets);
                    offset = dead.getQueueOffset() + 1;
                }
            }
        } finally {
            // also when a send failed: the letters resent so far are not resent by the next run
            if (offset != start) {
                offsets.commit(broker, group, q.topic(), q.queueId(), offset);
            }
        }
    }

    private void resendOne(MessageExt dead, Tally tally, Map<String, TopicRouteData> targets) {
        String origin = originTopic(dead);
        if (origin == null) {
            tally.skipped++;
            return;
        }
        Message copy = new Message();
        copy.setTopic(origin);
        copy.setFlag(dead.getFlag());
        copy.setBody(dead.getBody());
        dead.getProperties().forEach((k, v) -> {
            if (!DROPPED.contains(k)) {
                copy.putProperty(k, v);
            }
        });
        copy.setWaitStoreMsgOK(true);
        TopicRouteData route = targets.computeIfAbsent(origin, rpc::route);
        List<MessageQueue> queues = MessageAdmin.writableQueues(route, origin);
        if (queues.isEmpty()) {
            throw new FatalClientException("Resend of dead letter " + dead.getUniqKey() + " failed: topic " + origin
                    + " has no writable queue");
        }
        messages.sendTo(copy, queues.get(tally.resent % queues.size()), route);
        tally.resent++;
        tally.byTopic.merge(origin, 1, Integer::sum);
    }

    /** Where a dead letter came from, or null if it does not say. */
    static String originTopic(MessageExt dead) {
        String origin = dead.getProperty(PropertyKeys.PROPERTY_DLQ_ORIGIN_TOPIC);
        if (origin == null || origin.isBlank()) {
            origin = dead.getProperty(PropertyKeys.PROPERTY_RETRY_TOPIC);
        }
        if (origin == null || origin.isBlank() || origin.startsWith(TopicName.DLQ_PREFIX)) {
            return null;
        }
        return origin;
    }

    private static final class Tally {
        final int max;
        int resent;
        int skipped;
        final Map<String, Integer> byTopic = new TreeMap<>();

        Tally(int max) {
            this.max = max;
        }

        boolean full() {
            return resent + skipped >= max;
        }

        long room() {
            return max - resent - skipped;
        }
    }
}
