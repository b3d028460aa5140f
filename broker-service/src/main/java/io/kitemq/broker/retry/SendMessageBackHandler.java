package io.kitemq.broker.retry;

import io.kitemq.broker.BrokerMetrics;
import io.kitemq.broker.group.SubscriptionGroupConfig;
import io.kitemq.broker.group.SubscriptionGroupTable;
import io.kitemq.broker.schedule.ScheduleStaging;
import io.kitemq.broker.topic.TopicTable;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.ConsumerSendMsgBackRequestHeader;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.OffsetMsgId;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import io.kitemq.store.AppendResult;
import io.kitemq.store.MessageStore;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONSUMER_SEND_MSG_BACK (36): a consumer could not consume a message; the broker stores a copy for a
 * later retry, or gives up on it — RocketMQ's rules:
 *
 * <ul>
 *   <li>the message is looked up by its CommitLog offset ({@code offset} header);
 *   <li>it goes to the dead-letter topic {@code %DLQ%<group>} (created on demand: 1 queue, readable and
 *       writable, as RocketMQ 5 creates it) when it was already redelivered {@code maxReconsumeTimes}
 *       times (the header's, else the group's {@code retryMaxTimes}, 16) or the client asks with delay
 *       level -1; the copy carries {@code DLQ_ORIGIN_TOPIC} and {@code DLQ_ORIGIN_MESSAGE_ID};
 *   <li>otherwise to the retry topic {@code %RETRY%<group>} (created if needed) after delay level
 *       {@code delayLevel}, or {@code 3 + reconsumeTimes} when the client leaves it at 0 (10 s, 30 s,
 *       1 m, ... with RocketMQ's levels);
 *   <li>the copy keeps body, flag, properties — {@code UNIQ_KEY} (the msgId users see) among them — and
 *       adds {@code RETRY_TOPIC} (the original topic, once) and {@code ORIGIN_MESSAGE_ID} (the original
 *       offsetMsgId, once); its reconsume count is the original's plus one.
 * </ul>
 *
 * A group with no retry queues answers SUCCESS and stores nothing. Thread-safe.
 */
public final class SendMessageBackHandler implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(SendMessageBackHandler.class);
    private static final int RW = TopicConfig.PERM_READ | TopicConfig.PERM_WRITE;

    private final MessageStore store;
    private final TopicTable topics;
    private final SubscriptionGroupTable groups;
    private final ScheduleStaging staging;
    private final BrokerMetrics metrics;
    private final boolean autoCreateGroup;

    public SendMessageBackHandler(
            MessageStore store,
            TopicTable topics,
            SubscriptionGroupTable groups,
            ScheduleStaging staging,
            BrokerMetrics metrics,
            boolean autoCreateGroup) {
        this.store = store;
        this.topics = topics;
        this.groups = groups;
        this.staging = staging;
        this.metrics = metrics;
        this.autoCreateGroup = autoCreateGroup;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        ConsumerSendMsgBackRequestHeader h = ConsumerSendMsgBackRequestHeader.decode(request.extFields());
        SubscriptionGroupConfig group = groups.getOrAutoCreate(h.group(), autoCreateGroup);
        if (group == null) {
            return RemotingCommand.response(
                    ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group [" + h.group() + "] not exist");
        }
        if (group.retryQueueNums() <= 0) {
            return RemotingCommand.success();
        }
        ByteBuffer record = h.offset() < 0 ? null : store.readAt(h.offset());
        if (record == null) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR,
                    "look message by offset failed, " + h.offset() + ": no message at that CommitLog offset");
        }
        MessageExt original = StoredMessageCodec.decode(record, true, false);
        int maxTimes = h.maxReconsumeTimes() != null ? h.maxReconsumeTimes() : group.retryMaxTimes();
        boolean dead = original.getReconsumeTimes() >= maxTimes || h.delayLevel() < 0;
        MessageExt copy = copyOf(original);
        if (dead) {
            toDeadLetters(copy, original, h.group());
        } else {
            toRetry(copy, group, h.delayLevel() == 0 ? 3 + original.getReconsumeTimes() : h.delayLevel());
        }
        AppendResult result = store.append(copy).join();
        if (!result.isStored()) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR,
                    "cannot store the message sent back by group " + h.group() + ": " + result.status() + " "
                            + result.remark());
        }
        if (dead) {
            metrics.deadLettered(h.group());
            log.debug("message {} of group {} moved to {}", h.offset(), h.group(), copy.getTopic());
        }
        return RemotingCommand.success();
    }

    private static MessageExt copyOf(MessageExt original) {
        MessageExt m = new MessageExt();
        Map<String, String> p = new HashMap<>(original.getProperties());
        p.putIfAbsent(PropertyKeys.PROPERTY_RETRY_TOPIC, original.getTopic());
        p.putIfAbsent(
                PropertyKeys.PROPERTY_ORIGIN_MESSAGE_ID,
                OffsetMsgId.encode(original.getStoreHost(), original.getCommitLogOffset()));
        p.remove(PropertyKeys.PROPERTY_DELAY_TIME_LEVEL);
        m.setProperties(p);
        m.setBody(original.getBody());
        m.setFlag(original.getFlag());
        m.setSysFlag(original.getSysFlag());
        m.setBornTimestamp(original.getBornTimestamp());
        m.setBornHost(original.getBornHost());
        m.setStoreHost(original.getStoreHost());
        m.setReconsumeTimes(original.getReconsumeTimes() + 1);
        return m;
    }

    private void toDeadLetters(MessageExt m, MessageExt original, String group) {
        topics.createDlqTopicIfAbsent(group);
        m.setTopic(TopicTable.dlqTopic(group));
        m.setQueueId(0);
        m.putProperty(PropertyKeys.PROPERTY_DLQ_ORIGIN_TOPIC, m.getProperty(PropertyKeys.PROPERTY_RETRY_TOPIC));
        String id = original.getProperty(PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        m.putProperty(
                PropertyKeys.PROPERTY_DLQ_ORIGIN_MESSAGE_ID,
                id != null ? id : m.getProperty(PropertyKeys.PROPERTY_ORIGIN_MESSAGE_ID));
    }

    private void toRetry(MessageExt m, SubscriptionGroupConfig group, int delayLevel) {
        TopicConfig retry = topics.createRetryTopicIfAbsent(group.groupName(), group.retryQueueNums(), RW);
        m.setTopic(retry.topicName());
        m.setQueueId(ThreadLocalRandom.current().nextInt(Math.max(1, retry.writeQueueNums())));
        staging.stageDelayLevel(m, staging.levels().clamp(Math.max(1, delayLevel)));
    }
}
