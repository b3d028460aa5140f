package io.kitemq.client.producer;

import io.kitemq.client.FatalClientException;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.SendMessageRequestHeaderV2;
import io.kitemq.protocol.message.BatchCodec;
import io.kitemq.protocol.message.Compression;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageProperties;
import io.kitemq.protocol.message.MessageQueue;
import io.kitemq.protocol.message.MessageSysFlag;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.protocol.message.TopicName;
import io.kitemq.protocol.message.UniqueIdGenerator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message (or batch) checked and encoded for sending, the way RocketMQ's producer prepares one: the
 * topic must be a valid, sendable name; the body must be non-empty and at most {@code maxMessageBytes};
 * a message without UNIQ_KEY gets one (set on the caller's message too, so the caller can read it); a
 * body of at least {@code compressThreshold} bytes is ZLIB-compressed with sysFlag bits COMPRESSED and
 * type ZLIB (PROTOCOL.md §6) — the caller's message keeps its original body; TRAN_MSG=true marks a
 * half message (prepared transaction type). A batch (same topic for all, no delay level, not compressed,
 * as RocketMQ) is encoded with {@link BatchCodec}; its size limit applies to the encoded batch.
 *
 * <p>Immutable once built; the same instance is re-sent unchanged on retries.
 *
 * <p>Thread-safe to share once built; the messages (or bytes) inside are not copied, so do not modify them.
 */
record OutgoingMessage(
        String topic, byte[] body, int sysFlag, int flag, String properties, String msgId, boolean batch) {

    static OutgoingMessage single(Message m, ProducerOptions o, UniqueIdGenerator ids) {
        if (m == null) {
            throw new FatalClientException("the message is null");
        }
        checkTopic(m.getTopic());
        byte[] body = m.getBody();
        checkBody(m.getTopic(), body == null ? -1 : body.length, o.maxMessageBytes());
        String msgId = ensureUniqKey(m, ids);
        int sysFlag = 0;
        if (body.length >= o.compressThreshold()) {
            body = Compression.ZLIB.compress(body, o.compressLevel());
            sysFlag = MessageSysFlag.withCompression(sysFlag, Compression.ZLIB);
        }
        if (Boolean.parseBoolean(m.getProperty(PropertyKeys.PROPERTY_TRANSACTION_PREPARED))) {
            sysFlag = MessageSysFlag.withTransactionType(sysFlag, MessageSysFlag.TRANSACTION_PREPARED_TYPE);
        }
        return new OutgoingMessage(m.getTopic(), body, sysFlag, m.getFlag(), encode(m), msgId, false);
    }

    static OutgoingMessage batch(Collection<? extends Message> messages, ProducerOptions o, UniqueIdGenerator ids) {
        if (messages == null || messages.isEmpty()) {
            throw new FatalClientException("a batch needs at least one message");
        }
        List<Message> list = new ArrayList<>(messages);
        Message first = list.get(0);
        String topic = first.getTopic();
        checkTopic(topic);
        List<String> msgIds = new ArrayList<>(list.size());
        for (Message m : list) {
            if (m == null || !topic.equals(m.getTopic())) {
                throw new FatalClientException(
                        "all messages of a batch must have topic " + topic, topic, null, null, null, null);
            }
            if (m.getDelayTimeLevel() > 0) {
                throw new FatalClientException("a batch cannot carry delayed messages", topic, null, null, null, null);
            }
            if (topic.startsWith(TopicName.RETRY_PREFIX)) {
                throw new FatalClientException(
                        "a batch cannot be sent to a retry topic", topic, null, null, null, null);
            }
            checkBody(topic, m.getBody() == null ? -1 : m.getBody().length, o.maxMessageBytes());
            msgIds.add(ensureUniqKey(m, ids));
        }
        byte[] body = BatchCodec.encode(list);
        checkBody(topic, body.length, o.maxMessageBytes());
        Map<String, String> envelope = new LinkedHashMap<>();
        envelope.put(PropertyKeys.PROPERTY_WAIT_STORE_MSG_OK, Boolean.toString(first.isWaitStoreMsgOK()));
        envelope.put(PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, ids.next());
        return new OutgoingMessage(
                topic, body, 0, 0, MessageProperties.encode(envelope), String.join(",", msgIds), true);
    }

    /** The SEND_MESSAGE_V2 (or SEND_BATCH_MESSAGE) request for {@code queue}. */
    RemotingCommand request(String group, MessageQueue queue, ProducerOptions o) {
        SendMessageRequestHeaderV2 header = new SendMessageRequestHeaderV2(
                group,
                topic,
                o.autoCreateTopicKey(),
                o.defaultTopicQueueNums(),
                queue.queueId(),
                sysFlag,
                System.currentTimeMillis(),
                flag,
                properties,
                0,
                Boolean.FALSE,
                null,
                batch,
                queue.brokerName());
        int code = batch ? RequestCode.SEND_BATCH_MESSAGE.code() : RequestCode.SEND_MESSAGE_V2.code();
        return RemotingCommand.request(code, header).body(body);
    }

    static void checkTopic(String topic) {
        String problem = TopicName.check(topic);
        if (problem != null) {
            throw new FatalClientException("invalid topic: " + problem, topic, null, null, null, null);
        }
        if (!TopicName.isSendable(topic)) {
            throw new FatalClientException(
                    "topic " + topic + " is a system topic; clients may not send to it", topic, null, null, null, null);
        }
    }

    private static void checkBody(String topic, int length, int max) {
        if (length < 0) {
            throw new FatalClientException("the message body is null", topic, null, null, null, null);
        }
        if (length == 0) {
            throw new FatalClientException("the message body is empty", topic, null, null, null, null);
        }
        if (length > max) {
            throw new FatalClientException(
                    "the message body is " + length + " bytes, over the maximum of " + max,
                    topic,
                    null,
                    null,
                    null,
                    null);
        }
    }

    private static String ensureUniqKey(Message m, UniqueIdGenerator ids) {
        String id = m.getUniqKey();
        if (id == null || id.isEmpty()) {
            id = ids.next();
            m.putProperty(PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, id);
        }
        return id;
    }

    private static String encode(Message m) {
        try {
            return MessageProperties.encode(m.getProperties());
        } catch (IllegalArgumentException e) {
            throw new FatalClientException(e.getMessage(), m.getTopic(), null, null, null, e);
        }
    }
}
