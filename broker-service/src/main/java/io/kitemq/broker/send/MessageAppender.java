package io.kitemq.broker.send;

import io.kitemq.broker.BrokerMetrics;
import io.kitemq.broker.topic.TopicTable;
import io.kitemq.protocol.ProtocolException;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.SendMessageRequestHeader;
import io.kitemq.protocol.header.SendMessageResponseHeader;
import io.kitemq.protocol.message.BatchCodec;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageProperties;
import io.kitemq.protocol.message.MessageSysFlag;
import io.kitemq.protocol.message.OffsetMsgId;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.protocol.message.TopicName;
import io.kitemq.remoting.PeerAddress;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.store.AppendResult;
import io.kitemq.store.MessageStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The send path shared by SEND_MESSAGE, SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE: checks the request
 * (topic name and permission, queue id, body size, features not offered), resolves or auto-creates the
 * topic, builds the stored messages, appends them and answers with RocketMQ's response codes and
 * header (offsetMsgId, queue id and offset). The answer is sent when the store completes the append, so
 * no request thread waits for a disk flush.
 *
 * <p>Thread-safe.
 */
final class MessageAppender {

    private final MessageStore store;
    private final TopicTable topics;
    private final BrokerMetrics metrics;
    private final boolean writable;
    private final int defaultTopicQueueNums;
    private final boolean autoCreateTopic;
    private final InetSocketAddress storeHost;

    MessageAppender(MessageStore store, TopicTable topics, BrokerMetrics metrics, boolean writable, int defaultTopicQueueNums,
            boolean autoCreateTopic, String advertisedAddress) {
        this.store = store;
        this.topics = topics;
        this.metrics = metrics;
        this.writable = writable;
        this.defaultTopicQueueNums = defaultTopicQueueNums;
        this.autoCreateTopic = autoCreateTopic;
        this.storeHost = resolve(advertisedAddress);
    }

    private static InetSocketAddress resolve(String address) {
        InetSocketAddress a = PeerAddress.parse(address);
        try {
            return new InetSocketAddress(InetAddress.getByName(a.getHostString()), a.getPort());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("broker address " + address + " does not resolve", e);
        }
    }

    /** Handles one send; returns an immediate error response, or null after arranging the answer. */
    RemotingCommand send(RemotingPeer peer, RemotingCommand request, SendRequest send) {
        long start = System.nanoTime();
        SendMessageRequestHeader h = send.header();
        RemotingCommand refused = check(h, request);
        if (refused != null) {
            metrics.sendFailed(h.topic(), refused.code());
            return refused;
        }
        TopicConfig topic = topics.get(h.topic());
        if (topic == null && autoCreateTopic && h.defaultTopic() != null) {
            topic = topics.createForSend(h.topic(), h.defaultTopic(), Math.min(h.defaultTopicQueueNums(), defaultTopicQueueNums), 0);
        }
        if (topic == null) {
            return fail(h.topic(), ResponseCode.TOPIC_NOT_EXIST, "topic[" + h.topic() + "] not exist, apply first please!");
        }
        if ((topic.perm() & TopicConfig.PERM_WRITE) == 0) {
            return fail(h.topic(), ResponseCode.NO_PERMISSION, "the topic[" + h.topic() + "] sending message is forbidden");
        }
        int queueId = h.queueId() < 0 ? ThreadLocalRandom.current().nextInt(topic.writeQueueNums()) : h.queueId();
        if (queueId >= topic.writeQueueNums()) {
            return fail(h.topic(), ResponseCode.SYSTEM_ERROR, "request queueId[" + queueId + "] is illegal, topic " + h.topic()
                    + " has " + topic.writeQueueNums() + " write queues");
        }
        List<MessageExt> messages;
        try {
            messages = build(peer, request, h, queueId, send.batch());
        } catch (ProtocolException | IllegalArgumentException e) {
            return fail(h.topic(), ResponseCode.MESSAGE_ILLEGAL, "cannot read the message: " + e.getMessage());
        }
        store.appendBatch(messages).whenComplete((result, error) -> {
            RemotingCommand response = error != null
                    ? RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "append failed: " + error)
                    : answer(result, messages, queueId);
            if (response.code() == ResponseCode.SUCCESS.code()) {
                metrics.messagesIn(h.topic(), messages.size(), result.wroteBytes(), System.nanoTime() - start);
            } else {
                metrics.sendFailed(h.topic(), response.code());
            }
            peer.respond(request, response);
        });
        return null;
    }

    private RemotingCommand fail(String topic, ResponseCode code, String remark) {
        metrics.sendFailed(topic, code.code());
        return RemotingCommand.response(code, remark);
    }

    private RemotingCommand check(SendMessageRequestHeader h, RemotingCommand request) {
        if (!writable) {
            return RemotingCommand.response(ResponseCode.NO_PERMISSION, "the broker[" + storeHost + "] sending message is forbidden");
        }
        String invalid = TopicName.check(h.topic());
        if (invalid != null) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, invalid);
        }
        if (!TopicName.isSendable(h.topic()) && !h.topic().startsWith(TopicName.RETRY_PREFIX)) {
            return RemotingCommand.response(ResponseCode.NO_PERMISSION, "sending message to topic[" + h.topic() + "] is forbidden");
        }
        if (request.bodyLength() > store.config().maxMessageBytes() + (h.batch() != null && h.batch() ? 64 * 1024 : 0)) {
            return RemotingCommand.response(ResponseCode.MESSAGE_ILLEGAL, "message body of " + request.bodyLength()
                    + " bytes exceeds the maximum " + store.config().maxMessageBytes());
        }
        Map<String, String> props = h.properties() == null ? Map.of() : MessageProperties.decode(h.properties());
        if ("true".equals(props.get(PropertyKeys.PROPERTY_TRANSACTION_PREPARED))
                || MessageSysFlag.transactionType(h.sysFlag()) != MessageSysFlag.TRANSACTION_NOT_TYPE) {
            return RemotingCommand.response(ResponseCode.NO_PERMISSION, "transactional messages are not supported by this broker yet");
        }
        String delay = props.get(PropertyKeys.PROPERTY_DELAY_TIME_LEVEL);
        if ((delay != null && !delay.equals("0")) || props.containsKey(PropertyKeys.PROPERTY_TIMER_DELIVER_MS)
                || props.containsKey(PropertyKeys.PROPERTY_TIMER_DELAY_SEC) || props.containsKey("TIMER_DELAY_MS")) {
            return RemotingCommand.response(ResponseCode.MESSAGE_ILLEGAL, "delayed delivery is not supported by this broker yet");
        }
        return null;
    }

    private List<MessageExt> build(RemotingPeer peer, RemotingCommand request, SendMessageRequestHeader h, int queueId, boolean batch) {
        InetSocketAddress born = bornHost(peer);
        List<MessageExt> out = new ArrayList<>();
        if (batch) {
            for (Message m : BatchCodec.decode(ByteBuffer.wrap(request.body()))) {
                MessageExt e = base(h, queueId, born);
                e.setBody(m.getBody());
                e.setFlag(m.getFlag());
                m.getProperties().forEach(e::putProperty);
                out.add(e);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("empty batch");
            }
        } else {
            MessageExt e = base(h, queueId, born);
            e.setBody(request.body());
            e.setFlag(h.flag());
            if (h.properties() != null) {
                MessageProperties.decode(h.properties()).forEach(e::putProperty);
            }
            out.add(e);
        }
        return out;
    }

    private MessageExt base(SendMessageRequestHeader h, int queueId, InetSocketAddress born) {
        MessageExt e = new MessageExt();
        e.setTopic(h.topic());
        e.setQueueId(queueId);
        e.setBornTimestamp(h.bornTimestamp());
        e.setBornHost(born);
        e.setStoreHost(storeHost);
        e.setReconsumeTimes(h.reconsumeTimes() == null ? 0 : h.reconsumeTimes());
        int sysFlag = h.sysFlag() & ~(MessageSysFlag.INNER_BATCH_FLAG | MessageSysFlag.NEED_UNWRAP_FLAG);
        e.setSysFlag(MessageSysFlag.withHostFlags(sysFlag, born, storeHost));
        return e;
    }

    private static InetSocketAddress bornHost(RemotingPeer peer) {
        InetSocketAddress a = PeerAddress.parse(peer.remoteAddress());
        try {
            return new InetSocketAddress(InetAddress.getByName(a.getHostString()), a.getPort());
        } catch (UnknownHostException e) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), a.getPort());
        }
    }

    private RemotingCommand answer(AppendResult result, List<MessageExt> messages, int queueId) {
        ResponseCode code = switch (result.status()) {
            case PUT_OK -> ResponseCode.SUCCESS;
            case FLUSH_DISK_TIMEOUT -> ResponseCode.FLUSH_DISK_TIMEOUT;
            case MESSAGE_ILLEGAL, PROPERTIES_SIZE_EXCEEDED -> ResponseCode.MESSAGE_ILLEGAL;
            case SERVICE_NOT_AVAILABLE -> ResponseCode.SERVICE_NOT_AVAILABLE;
        };
        if (!result.isStored()) {
            return RemotingCommand.response(code, result.remark());
        }
        StringBuilder ids = new StringBuilder();
        for (MessageExt m : messages) {
            if (!ids.isEmpty()) {
                ids.append(',');
            }
            ids.append(OffsetMsgId.encode(storeHost, m.getCommitLogOffset()));
        }
        return RemotingCommand.response(code, null).header(new SendMessageResponseHeader(
                ids.toString(), queueId, result.queueOffset(), null, null, null, "DefaultRegion", Boolean.FALSE));
    }
}
