package io.kitemq.client.admin;

import io.kitemq.client.FatalClientException;
import io.kitemq.client.KiteMqClientException;
import io.kitemq.protocol.body.QueueData;
import io.kitemq.protocol.body.SubscriptionData;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.body.TopicRouteData;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.PullMessageRequestHeader;
import io.kitemq.protocol.header.PullMessageResponseHeader;
import io.kitemq.protocol.header.QueryMessageRequestHeader;
import io.kitemq.protocol.header.SendMessageRequestHeaderV2;
import io.kitemq.protocol.header.SendMessageResponseHeader;
import io.kitemq.protocol.header.ViewMessageRequestHeader;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageProperties;
import io.kitemq.protocol.message.MessageQueue;
import io.kitemq.protocol.message.OffsetMsgId;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.protocol.message.TopicName;
import io.kitemq.protocol.message.UniqueIdGenerator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Message look-ups and test sends for operators ({@code mqadmin queryMsgById / queryMsgByKey /
 * queryMsgByOffset / sendMessage}): by offsetMsgId (VIEW_MESSAGE_BY_ID at the broker the id names) or by
 * client id ({@code UNIQ_KEY}, QUERY_MESSAGE on the brokers of the topic), by key, by queue and offset (one
 * PULL), and sending one message to a round-robin queue of the topic. Obtained from
 * {@link AdminClient#messages()}; thread-safe.
 */
public final class MessageAdmin {

    /** Producer group of the admin's sends. */
    public static final String PRODUCER_GROUP = "KITEMQ_ADMIN_PRODUCER";

    private static final int PULL_SUBSCRIPTION_FLAG = 0x4;
    private static final int DEFAULT_QUERY_MAX = 32;

    private final AdminRpc rpc;
    private final String toolsGroup;
    private final AtomicInteger sendSequence = new AtomicInteger();

    MessageAdmin(AdminRpc rpc, String toolsGroup) {
        this.rpc = rpc;
        this.toolsGroup = toolsGroup;
    }

    /**
     * The message with {@code id}, which may be an offsetMsgId or a client id ({@code UNIQ_KEY}) of a
     * message in {@code topic}. An id that decodes as an offsetMsgId is looked up at the broker it names
     * first; otherwise, or if that finds nothing, the topic's brokers are asked for the client id.
     *
     * @return the messages found (a client id resent or retried can match several), empty if none
     */
    public List<MessageExt> byId(String topic, String id) {
        Objects.requireNonNull(id, "id");
        TopicAdmin.checkName(topic);
        MessageExt byOffset = byOffsetMsgId(topic, id.trim());
        if (byOffset != null) {
            return List.of(byOffset);
        }
        return query(topic, id.trim(), DEFAULT_QUERY_MAX, 0, Long.MAX_VALUE, true);
    }

    /** Messages of {@code topic} whose KEYS contain {@code key}, stored in [begin, end] ms, at most {@code max}. */
    public List<MessageExt> byKey(String topic, String key, int max, long beginMs, long endMs) {
        TopicAdmin.checkName(topic);
        if (key == null || key.isBlank() || max < 1) {
            throw new FatalClientException("Query of topic " + topic + " by key: key must not be blank, max >= 1");
        }
        return query(topic, key, max, beginMs, endMs, false);
    }

    /** Reads up to {@code max} messages of one queue from {@code offset} (one PULL, no subscription filter). */
    public PulledMessages pull(String topic, String brokerName, int queueId, long offset, int max) {
        TopicAdmin.checkName(topic);
        if (queueId < 0 || offset < 0 || max < 1) {
            throw new FatalClientException("Read of " + topic + ": queueId and offset must be >= 0 and max >= 1");
        }
        TopicRouteData route = rpc.route(topic);
        String name = brokerName != null ? brokerName : singleBroker(route, topic);
        String address = ClusterView.masterOf(route, name, topic);
        PullMessageRequestHeader header = new PullMessageRequestHeader(
                toolsGroup,
                topic,
                null,
                queueId,
                offset,
                max,
                PULL_SUBSCRIPTION_FLAG,
                0,
                0,
                SubscriptionData.SUB_ALL,
                0,
                SubscriptionData.EXPRESSION_TAG,
                null,
                null,
                null,
                null);
        String what = "read of " + topic + ":" + name + ":" + queueId + " at " + offset;
        RemotingCommand response =
                rpc.raw(address, RemotingCommand.request(RequestCode.PULL_MESSAGE.code(), header), what);
        PulledMessages.Status status = pullStatus(response, what, address);
        PullMessageResponseHeader h = PullMessageResponseHeader.decode(response.extFields());
        List<MessageExt> messages = List.of();
        if (status == PulledMessages.Status.FOUND && response.body() != null) {
            messages = StoredMessageCodec.decodeAll(ByteBuffer.wrap(response.body()));
            messages.forEach(m -> m.setBrokerName(name));
        }
        return new PulledMessages(status, h.nextBeginOffset(), h.minOffset(), h.maxOffset(), messages);
    }

    /**
     * Sends {@code message} to the next writable queue of its topic (round-robin over the master brokers),
     * giving it a client id if it has none. The topic must exist: the admin does not auto-create topics.
     */
    public SendReceipt send(Message message) {
        Objects.requireNonNull(message, "message");
        String topic = message.getTopic();
        TopicAdmin.checkName(topic);
        if (!TopicName.isSendable(topic) && !topic.startsWith(TopicName.RETRY_PREFIX)) {
            throw new FatalClientException("Topic " + topic + " is a system topic and cannot be sent to");
        }
        TopicRouteData route = rpc.route(topic);
        List<MessageQueue> queues = writableQueues(route, topic);
        if (queues.isEmpty()) {
            throw new FatalClientException("Topic " + topic + " has no writable queue");
        }
        MessageQueue queue = queues.get(Math.floorMod(sendSequence.getAndIncrement(), queues.size()));
        return sendTo(message, queue, route);
    }

    SendReceipt sendTo(Message message, MessageQueue queue, TopicRouteData route) {
        if (message.getUniqKey() == null) {
            message.putProperty(
                    PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX,
                    UniqueIdGenerator.forThisProcess().next());
        }
        String address = ClusterView.masterOf(route, queue.brokerName(), queue.topic());
        SendMessageRequestHeaderV2 header = new SendMessageRequestHeaderV2(
                PRODUCER_GROUP,
                queue.topic(),
                TopicName.AUTO_CREATE_TOPIC_KEY,
                4,
                queue.queueId(),
                0,
                System.currentTimeMillis(),
                message.getFlag(),
                MessageProperties.encode(message.getProperties()),
                0,
                false,
                null,
                false,
                queue.brokerName());
        RemotingCommand response = rpc.broker(
                address,
                RemotingCommand.request(RequestCode.SEND_MESSAGE_V2.code(), header)
                        .body(message.getBody() == null ? new byte[0] : message.getBody()),
                "send to " + queue.topic() + ":" + queue.brokerName() + ":" + queue.queueId());
        SendMessageResponseHeader h = SendMessageResponseHeader.decode(response.extFields());
        return new SendReceipt(
                message.getUniqKey(),
                h.msgId(),
                new MessageQueue(queue.topic(), queue.brokerName(), h.queueId()),
                h.queueOffset());
    }

    static List<MessageQueue> writableQueues(TopicRouteData route, String topic) {
        List<MessageQueue> out = new ArrayList<>();
        var masters = ClusterView.names(route);
        for (QueueData q : route.queueDatas()) {
            if ((q.perm() & TopicConfig.PERM_WRITE) != 0 && masters.contains(q.brokerName())) {
                for (int id = 0; id < q.writeQueueNums(); id++) {
                    out.add(new MessageQueue(topic, q.brokerName(), id));
                }
            }
        }
        return out;
    }

    private MessageExt byOffsetMsgId(String topic, String id) {
        OffsetMsgId decoded;
        try {
            decoded = OffsetMsgId.decode(id);
        } catch (IllegalArgumentException notAnOffsetId) {
            return null;
        }
        String address = decoded.brokerAddress();
        RemotingCommand response;
        try {
            response = rpc.raw(
                    address,
                    RemotingCommand.request(
                            RequestCode.VIEW_MESSAGE_BY_ID.code(),
                            new ViewMessageRequestHeader(topic, decoded.commitLogOffset())),
                    "view of message " + id);
        } catch (KiteMqClientException unreachable) {
            return null; // a client id that happens to decode names no reachable broker
        }
        if (response.code() != ResponseCode.SUCCESS.code() || response.body() == null) {
            return null;
        }
        List<MessageExt> found = StoredMessageCodec.decodeAll(ByteBuffer.wrap(response.body()));
        return found.isEmpty() ? null : found.get(0);
    }

    private List<MessageExt> query(String topic, String key, int max, long begin, long end, boolean uniqueKey) {
        TopicRouteData route = rpc.route(topic);
        Map<String, MessageExt> found = new LinkedHashMap<>();
        for (ClusterView.NamedBroker broker : ClusterView.routeMasters(route)) {
            QueryMessageRequestHeader header =
                    new QueryMessageRequestHeader(topic, key, max, begin, end, null, null, uniqueKey ? true : null);
            String what = "query of " + topic + " by " + (uniqueKey ? "id " : "key ") + key;
            RemotingCommand response =
                    rpc.raw(broker.address(), RemotingCommand.request(RequestCode.QUERY_MESSAGE.code(), header), what);
            if (response.code() == ResponseCode.QUERY_NOT_FOUND.code()) {
                continue;
            }
            if (response.code() != ResponseCode.SUCCESS.code()) {
                throw AdminRpc.failure(response, what, "broker " + broker.address());
            }
            if (response.body() == null) {
                continue;
            }
            for (MessageExt m : StoredMessageCodec.decodeAll(ByteBuffer.wrap(response.body()))) {
                m.setBrokerName(broker.name());
                if (matches(m, topic, key, uniqueKey)) {
                    found.putIfAbsent(m.getMsgId(), m);
                }
            }
        }
        return List.copyOf(found.values()).subList(0, Math.min(max, found.size()));
    }

    // the index is a hash: a slot can hold other keys and topics, so the hits are checked
    private static boolean matches(MessageExt m, String topic, String key, boolean uniqueKey) {
        if (!topic.equals(m.getTopic())) {
            return false;
        }
        return uniqueKey ? key.equals(m.getUniqKey()) : m.getKeyList().contains(key);
    }

    private static PulledMessages.Status pullStatus(RemotingCommand response, String what, String address) {
        int code = response.code();
        if (code == ResponseCode.SUCCESS.code()) {
            return PulledMessages.Status.FOUND;
        } else if (code == ResponseCode.PULL_NOT_FOUND.code()) {
            return PulledMessages.Status.NO_NEW_MSG;
        } else if (code == ResponseCode.PULL_RETRY_IMMEDIATELY.code()) {
            return PulledMessages.Status.NO_MATCHED_MSG;
        } else if (code == ResponseCode.PULL_OFFSET_MOVED.code()) {
            return PulledMessages.Status.OFFSET_ILLEGAL;
        }
        throw AdminRpc.failure(response, what, "broker " + address);
    }

    private static String singleBroker(TopicRouteData route, String topic) {
        var names = ClusterView.routeMasters(route);
        if (names.size() != 1) {
            throw new FatalClientException("Topic " + topic + " is on " + names.size() + " brokers; name one of "
                    + names.stream().map(ClusterView.NamedBroker::name).toList());
        }
        return names.get(0).name();
    }
}
