package io.kitemq.client.consumer;

import io.kitemq.client.FatalClientException;
import io.kitemq.client.KiteMqClientException;
import io.kitemq.client.RetriableClientException;
import io.kitemq.client.consumer.offset.OffsetBroker;
import io.kitemq.client.core.ClientRuntime;
import io.kitemq.client.core.TopicRoute;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.BrokerData;
import io.kitemq.protocol.body.CheckClientRequestBody;
import io.kitemq.protocol.body.ClusterInfo;
import io.kitemq.protocol.body.GetConsumerListByGroupResponseBody;
import io.kitemq.protocol.body.LockBatchRequestBody;
import io.kitemq.protocol.body.LockBatchResponseBody;
import io.kitemq.protocol.body.QueueRef;
import io.kitemq.protocol.body.UnlockBatchRequestBody;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.BoundaryType;
import io.kitemq.protocol.header.ConsumerSendMsgBackRequestHeader;
import io.kitemq.protocol.header.GetConsumerListByGroupRequestHeader;
import io.kitemq.protocol.header.GetMaxOffsetRequestHeader;
import io.kitemq.protocol.header.GetMaxOffsetResponseHeader;
import io.kitemq.protocol.header.GetMinOffsetRequestHeader;
import io.kitemq.protocol.header.GetMinOffsetResponseHeader;
import io.kitemq.protocol.header.PullMessageRequestHeader;
import io.kitemq.protocol.header.PullMessageResponseHeader;
import io.kitemq.protocol.header.QueryConsumerOffsetRequestHeader;
import io.kitemq.protocol.header.QueryConsumerOffsetResponseHeader;
import io.kitemq.protocol.header.SearchOffsetRequestHeader;
import io.kitemq.protocol.header.SearchOffsetResponseHeader;
import io.kitemq.protocol.header.UpdateConsumerOffsetRequestHeader;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageQueue;
import io.kitemq.protocol.message.StoredMessageCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The requests a consumer sends to brokers — pull, offsets, queue locks, send-back, group members —
 * addressed to the master of the queue's broker through the consumer's own {@link ClientRuntime}.
 * Failures surface as {@link KiteMqClientException}s naming the queue, broker and response code.
 *
 * <p>Thread-safe (stateless over the runtime).
 */
public final class ConsumerRequests implements OffsetBroker {

    /** Pull sysFlag bits (PROTOCOL.md §4). */
    static final int FLAG_COMMIT_OFFSET = 0x1;

    static final int FLAG_SUSPEND = 0x2;
    static final int FLAG_SUBSCRIPTION = 0x4;
    static final int FLAG_LITE_PULL = 0x10;

    private final ClientRuntime runtime;
    private final Duration timeout;

    public ConsumerRequests(ClientRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.timeout = runtime.options().requestTimeout();
    }

    public ClientRuntime runtime() {
        return runtime;
    }

    /** The master address of {@code queue}'s broker, refreshing the topic's route once if unknown. */
    public String brokerAddress(MessageQueue queue) {
        String address = runtime.masterAddress(queue.brokerName());
        if (address == null) {
            runtime.refreshRoute(queue.topic());
            address = runtime.masterAddress(queue.brokerName());
        }
        if (address == null) {
            throw new RetriableClientException(
                    "no master address for broker", queue.topic(), queue, queue.brokerName(), null, null);
        }
        return address;
    }

    /**
     * Asks the masters serving {@code sub}'s topic (for a topic not created yet: every master the
     * NameServers know) whether they accept its expression — CHECK_CLIENT_CONFIG, as RocketMQ's client does
     * at start for non-TAG subscriptions. TAG subscriptions need no check.
     *
     * @throws FatalClientException naming the topic, broker, code and the broker's reason when one refuses
     */
    public void checkSubscription(String group, Subscription sub) {
        if (!sub.isSql()) {
            return;
        }
        Set<String> addresses = new LinkedHashSet<>();
        runtime.findRoute(sub.topic())
                .ifPresent(route -> route.brokers().keySet().stream()
                        .map(route::masterAddress)
                        .filter(Objects::nonNull)
                        .forEach(addresses::add));
        if (addresses.isEmpty()) {
            addresses.addAll(clusterMasters());
        }
        byte[] body = BodyCodec.encode(new CheckClientRequestBody(runtime.clientId(), group, sub.toData(), null));
        for (String address : addresses) {
            RemotingCommand request = RemotingCommand.request(RequestCode.CHECK_CLIENT_CONFIG.code())
                    .body(body);
            RemotingCommand response = runtime.invoke(address, request, timeout);
            if (response.code() != ResponseCode.SUCCESS.code()) {
                throw new FatalClientException(
                        "group " + group + ": the broker refuses the " + sub.type() + " subscription '"
                                + sub.expression() + "': " + ResponseCode.describe(response.code()) + " "
                                + response.remark(),
                        sub.topic(),
                        null,
                        address,
                        response.code(),
                        null);
            }
        }
    }

    /** The master addresses of every broker the NameServers know (GET_BROKER_CLUSTER_INFO). */
    private Set<String> clusterMasters() {
        RemotingCommand response = ClientRuntime.check(
                runtime.invokeNameServer(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO.code())),
                "cluster info",
                null,
                null,
                null);
        ClusterInfo info = BodyCodec.decode(response.body(), ClusterInfo.class);
        Set<String> masters = new LinkedHashSet<>();
        info.brokerAddrTable().values().stream()
                .map(b -> b.brokerAddrs().get(BrokerData.MASTER_ID))
                .filter(Objects::nonNull)
                .forEach(masters::add);
        return masters;
    }

    /** A pull described by its parts; {@code hold} zero means no long polling. */
    public record Pull(
            String group,
            MessageQueue queue,
            long offset,
            int maxMessages,
            long commitOffset,
            Subscription subscription,
            Duration hold,
            Duration timeout,
            boolean lite) {}

    /** Sends one pull; completes with the result or a {@link KiteMqClientException}. */
    public CompletableFuture<PullResult> pull(Pull p) {
        MessageQueue q = p.queue();
        String address;
        try {
            address = brokerAddress(q);
        } catch (KiteMqClientException e) {
            return CompletableFuture.failedFuture(e);
        }
        int sysFlag = FLAG_SUBSCRIPTION
                | (p.commitOffset() > 0 ? FLAG_COMMIT_OFFSET : 0)
                | (p.hold().isZero() ? 0 : FLAG_SUSPEND)
                | (p.lite() ? FLAG_LITE_PULL : 0);
        PullMessageRequestHeader header = new PullMessageRequestHeader(
                p.group(),
                q.topic(),
                null,
                q.queueId(),
                p.offset(),
                p.maxMessages(),
                sysFlag,
                Math.max(p.commitOffset(), 0),
                p.hold().toMillis(),
                p.subscription().expression(),
                p.subscription().version(),
                p.subscription().type(),
                null,
                null,
                null,
                q.brokerName());
        RequestCode code = p.lite() ? RequestCode.LITE_PULL_MESSAGE : RequestCode.PULL_MESSAGE;
        RemotingCommand request = RemotingCommand.request(code.code(), header);
        return runtime.invokeAsync(address, request, p.timeout()).thenApply(r -> toPullResult(r, q, address));
    }

    private static PullResult toPullResult(RemotingCommand response, MessageQueue q, String address) {
        PullResult.Status status;
        int code = response.code();
        if (code == ResponseCode.SUCCESS.code()) {
            status = PullResult.Status.FOUND;
        } else if (code == ResponseCode.PULL_NOT_FOUND.code()) {
            status = PullResult.Status.NO_NEW_MSG;
        } else if (code == ResponseCode.PULL_RETRY_IMMEDIATELY.code()) {
            status = PullResult.Status.NO_MATCHED_MSG;
        } else if (code == ResponseCode.PULL_OFFSET_MOVED.code()) {
            status = PullResult.Status.OFFSET_ILLEGAL;
        } else {
            throw KiteMqClientException.ofResponse("pull", code, response.remark(), q.topic(), q, address);
        }
        PullMessageResponseHeader h = PullMessageResponseHeader.decode(response.extFields());
        List<MessageExt> messages = List.of();
        if (status == PullResult.Status.FOUND && response.hasBody()) {
            messages = StoredMessageCodec.decodeAll(ByteBuffer.wrap(response.body()), true, true);
            for (MessageExt m : messages) {
                m.setBrokerName(q.brokerName());
            }
        }
        return new PullResult(status, h.nextBeginOffset(), h.minOffset(), h.maxOffset(), messages);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sends {@code setZeroIfNotFound=false}: otherwise brokers answer 0 for a new group on a queue
     * whose first message is still in memory, and CONSUME_FROM_LAST_OFFSET would re-read the queue.
     */
    @Override
    public OptionalLong queryOffset(String group, MessageQueue q) {
        String address = brokerAddress(q);
        RemotingCommand response = runtime.invoke(
                address,
                RemotingCommand.request(
                        RequestCode.QUERY_CONSUMER_OFFSET.code(),
                        new QueryConsumerOffsetRequestHeader(group, q.topic(), q.queueId(), false, q.brokerName())),
                timeout);
        if (response.code() == ResponseCode.QUERY_NOT_FOUND.code()) {
            return OptionalLong.empty();
        }
        ClientRuntime.check(response, "query consumer offset of group " + group, q.topic(), q, address);
        return OptionalLong.of(
                QueryConsumerOffsetResponseHeader.decode(response.extFields()).offset());
    }

    @Override
    public void updateOffset(String group, MessageQueue q, long offset) {
        String address = brokerAddress(q);
        RemotingCommand response = runtime.invoke(
                address,
                RemotingCommand.request(
                        RequestCode.UPDATE_CONSUMER_OFFSET.code(),
                        new UpdateConsumerOffsetRequestHeader(group, q.topic(), q.queueId(), offset, q.brokerName())),
                timeout);
        ClientRuntime.check(response, "update consumer offset of group " + group, q.topic(), q, address);
    }

    /** One past the last message of {@code q}. */
    public long maxOffset(MessageQueue q) {
        String address = brokerAddress(q);
        RemotingCommand response = runtime.invoke(
                address,
                RemotingCommand.request(
                        RequestCode.GET_MAX_OFFSET.code(),
                        new GetMaxOffsetRequestHeader(q.topic(), q.queueId(), true, q.brokerName())),
                timeout);
        ClientRuntime.check(response, "get max offset", q.topic(), q, address);
        return GetMaxOffsetResponseHeader.decode(response.extFields()).offset();
    }

    /** The first offset of {@code q} still stored. */
    public long minOffset(MessageQueue q) {
        String address = brokerAddress(q);
        RemotingCommand response = runtime.invoke(
                address,
                RemotingCommand.request(
                        RequestCode.GET_MIN_OFFSET.code(),
                        new GetMinOffsetRequestHeader(q.topic(), q.queueId(), q.brokerName())),
                timeout);
        ClientRuntime.check(response, "get min offset", q.topic(), q, address);
        return GetMinOffsetResponseHeader.decode(response.extFields()).offset();
    }

    /** The offset of the first message of {@code q} stored at or after {@code timestampMillis}. */
    public long searchOffset(MessageQueue q, long timestampMillis) {
        String address = brokerAddress(q);
        RemotingCommand response = runtime.invoke(
                address,
                RemotingCommand.request(
                        RequestCode.SEARCH_OFFSET_BY_TIMESTAMP.code(),
                        new SearchOffsetRequestHeader(
                                q.topic(), null, q.queueId(), timestampMillis, BoundaryType.LOWER, q.brokerName())),
                timeout);
        ClientRuntime.check(response, "search offset by timestamp " + timestampMillis, q.topic(), q, address);
        return SearchOffsetResponseHeader.decode(response.extFields()).offset();
    }

    /** Ids of the group's clients as a broker serving {@code topic} knows them, sorted. */
    public List<String> consumerIds(String group, String topic) {
        TopicRoute route = runtime.route(topic);
        String address = route.brokers().keySet().stream()
                .sorted()
                .map(route::anyAddress)
                .filter(Objects::nonNull)
                .findFirst()
                .orElseThrow(() -> new RetriableClientException(
                        "no broker to ask for the members of group " + group, topic, null, null, null, null));
        RemotingCommand response = runtime.invoke(
                address,
                RemotingCommand.request(
                        RequestCode.GET_CONSUMER_LIST_BY_GROUP.code(), new GetConsumerListByGroupRequestHeader(group)),
                timeout);
        ClientRuntime.check(response, "get consumer list of group " + group, topic, null, address);
        if (!response.hasBody()) {
            return List.of();
        }
        return BodyCodec.decode(response.body(), GetConsumerListByGroupResponseBody.class).consumerIdList().stream()
                .sorted()
                .toList();
    }

    /** Locks {@code queues} (all of one broker) for this client; returns those granted. */
    public Set<MessageQueue> lock(String group, String clientId, String brokerName, Set<MessageQueue> queues) {
        String address = brokerAddress(queues.iterator().next());
        LockBatchRequestBody body = new LockBatchRequestBody(group, clientId, false, refs(queues));
        RemotingCommand response = runtime.invoke(
                address,
                RemotingCommand.request(RequestCode.LOCK_BATCH_MQ.code()).body(BodyCodec.encode(body)),
                timeout);
        ClientRuntime.check(response, "lock queues of group " + group, null, null, address);
        if (!response.hasBody()) {
            return Set.of();
        }
        return BodyCodec.decode(response.body(), LockBatchResponseBody.class).lockOKMQSet().stream()
                .map(r -> new MessageQueue(r.topic(), r.brokerName(), r.queueId()))
                .collect(Collectors.toSet());
    }

    /** Releases this client's locks of {@code queues} (all of one broker). */
    public void unlock(String group, String clientId, Set<MessageQueue> queues) {
        String address = brokerAddress(queues.iterator().next());
        UnlockBatchRequestBody body = new UnlockBatchRequestBody(group, clientId, false, refs(queues));
        RemotingCommand response = runtime.invoke(
                address,
                RemotingCommand.request(RequestCode.UNLOCK_BATCH_MQ.code()).body(BodyCodec.encode(body)),
                timeout);
        ClientRuntime.check(response, "unlock queues of group " + group, null, null, address);
    }

    /**
     * Sends a message that failed consumption back to the broker (CONSUMER_SEND_MSG_BACK), which stores
     * it for redelivery in the group's retry topic, or its dead-letter topic after {@code maxReconsumeTimes}.
     */
    public void sendBack(String group, MessageExt msg, int delayLevel, int maxReconsumeTimes) {
        MessageQueue q = new MessageQueue(msg.getTopic(), msg.getBrokerName(), msg.getQueueId());
        String address = brokerAddress(q);
        String originId = msg.getUniqKey() != null ? msg.getUniqKey() : msg.getMsgId();
        ConsumerSendMsgBackRequestHeader header = new ConsumerSendMsgBackRequestHeader(
                msg.getCommitLogOffset(), group, delayLevel, originId, msg.getTopic(), false, maxReconsumeTimes);
        RemotingCommand response = runtime.invoke(
                address, RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK.code(), header), timeout);
        ClientRuntime.check(response, "send message back for group " + group, msg.getTopic(), q, address);
    }

    private static Set<QueueRef> refs(Set<MessageQueue> queues) {
        return queues.stream()
                .map(q -> new QueueRef(q.topic(), q.brokerName(), q.queueId()))
                .collect(Collectors.toSet());
    }
}
