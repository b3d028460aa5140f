package io.kitemq.broker.pull;

import io.kitemq.broker.BrokerMetrics;
import io.kitemq.broker.client.ClientRegistry;
import io.kitemq.broker.filter.SqlFilters;
import io.kitemq.broker.filter.SqlSyntaxException;
import io.kitemq.broker.group.SubscriptionGroupConfig;
import io.kitemq.broker.group.SubscriptionGroupTable;
import io.kitemq.broker.offset.ConsumerOffsetTable;
import io.kitemq.broker.topic.TopicTable;
import io.kitemq.protocol.body.SubscriptionData;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.PullMessageRequestHeader;
import io.kitemq.protocol.header.PullMessageResponseHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import io.kitemq.store.GetResult;
import io.kitemq.store.MessageFilter;
import io.kitemq.store.MessageStore;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.concurrent.Executor;

/**
 * PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361): reads a queue from an offset for a consumer group,
 * filtering on the broker by tag or by SQL92 expression over the stored properties (an expression that
 * does not compile is answered with SUBSCRIPTION_PARSE_FAILED naming the problem), and answers with the
 * stored records as they are (no copy) plus
 * where to continue. A pull that finds nothing new and asks to be suspended is held by the
 * {@link PullHoldService} until a matching message arrives or its suspend time passes. A commit
 * offset piggy-backed on the pull is recorded for the group.
 *
 * <p>Response codes as RocketMQ's: SUCCESS (found), PULL_NOT_FOUND (nothing new), PULL_RETRY_IMMEDIATELY
 * (nothing matched the filter), PULL_OFFSET_MOVED (the offset is outside the queue; continue at
 * {@code nextBeginOffset}). Thread-safe.
 */
public final class PullMessageHandler implements RequestHandler {

    private final MessageStore store;
    private final TopicTable topics;
    private final SubscriptionGroupTable groups;
    private final ClientRegistry clients;
    private final ConsumerOffsetTable offsets;
    private final PullHoldService holds;
    private final BrokerMetrics metrics;
    private final InstantSource clock;
    private final Executor executor;
    private final boolean autoCreateGroup;
    private final long shortPollingMillis;
    private final boolean longPolling;
    private final SqlFilters sqlFilters;

    public PullMessageHandler(
            MessageStore store,
            TopicTable topics,
            SubscriptionGroupTable groups,
            ClientRegistry clients,
            ConsumerOffsetTable offsets,
            PullHoldService holds,
            BrokerMetrics metrics,
            InstantSource clock,
            Executor executor,
            boolean autoCreateGroup,
            boolean longPolling,
            long shortPollingMillis,
            SqlFilters sqlFilters) {
        this.store = store;
        this.topics = topics;
        this.groups = groups;
        this.clients = clients;
        this.offsets = offsets;
        this.holds = holds;
        this.metrics = metrics;
        this.clock = clock;
        this.executor = executor;
        this.autoCreateGroup = autoCreateGroup;
        this.longPolling = longPolling;
        this.shortPollingMillis = shortPollingMillis;
        this.sqlFilters = sqlFilters;
        holds.resumeWith(pull ->
                executor.execute(() -> pull.peer().respond(pull.request(), pull(pull.peer(), pull.request(), false))));
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        return pull(peer, request, true);
    }

    /** Runs a pull; returns null when it was held (answered later). */
    RemotingCommand pull(RemotingPeer peer, RemotingCommand request, boolean mayHold) {
        PullMessageRequestHeader h = PullMessageRequestHeader.decode(request.extFields());
        SubscriptionGroupConfig group = groups.getOrAutoCreate(h.consumerGroup(), autoCreateGroup);
        if (group == null) {
            return RemotingCommand.response(
                    ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group [" + h.consumerGroup() + "] does not exist");
        }
        if (!group.consumeEnable()) {
            return RemotingCommand.response(
                    ResponseCode.NO_PERMISSION,
                    "subscription group [" + h.consumerGroup() + "] is not allowed to consume");
        }
        TopicConfig topic = topics.get(h.topic());
        if (topic == null) {
            return RemotingCommand.response(
                    ResponseCode.TOPIC_NOT_EXIST, "topic[" + h.topic() + "] not exist, apply first please!");
        }
        if ((topic.perm() & TopicConfig.PERM_READ) == 0) {
            return RemotingCommand.response(
                    ResponseCode.NO_PERMISSION, "the topic[" + h.topic() + "] pulling message is forbidden");
        }
        if (h.queueId() < 0 || h.queueId() >= topic.readQueueNums()) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR,
                    "queueId[" + h.queueId() + "] is illegal, topic " + h.topic() + " has " + topic.readQueueNums()
                            + " read queues");
        }
        MessageFilter filter;
        try {
            filter = filterOf(h);
        } catch (SqlSyntaxException e) {
            return RemotingCommand.response(
                    ResponseCode.SUBSCRIPTION_PARSE_FAILED,
                    "parse the consumer's subscription failed: group " + h.consumerGroup() + ", topic " + h.topic()
                            + ": " + e.getMessage());
        }
        if (filter == null) {
            return RemotingCommand.response(
                    ResponseCode.SUBSCRIPTION_NOT_EXIST,
                    "consumer group " + h.consumerGroup() + " has no subscription to " + h.topic()
                            + " (heartbeat first)");
        }
        if (PullSysFlag.has(h.sysFlag(), PullSysFlag.COMMIT_OFFSET) && h.commitOffset() >= 0 && mayHold) {
            offsets.commit(h.consumerGroup(), h.topic(), h.queueId(), h.commitOffset());
        }
        int maxBytes = h.maxMsgBytes() == null || h.maxMsgBytes() <= 0 ? Integer.MAX_VALUE : h.maxMsgBytes();
        GetResult r = store.get(h.topic(), h.queueId(), h.queueOffset(), Math.max(1, h.maxMsgNums()), maxBytes, filter);
        RemotingCommand response = answer(h, r);
        if (response.code() == ResponseCode.PULL_NOT_FOUND.code()
                && mayHold
                && PullSysFlag.has(h.sysFlag(), PullSysFlag.SUSPEND)) {
            long wait = longPolling ? Math.max(0, h.suspendTimeoutMillis()) : shortPollingMillis;
            holds.hold(new HeldPull(
                    peer, request, h.topic(), h.queueId(), h.queueOffset(), filter, clock.millis() + wait));
            return null;
        }
        if (response.code() == ResponseCode.SUCCESS.code()) {
            metrics.messagesOut(h.topic(), h.consumerGroup(), r.messageCount(), r.totalBytes());
        }
        return response;
    }

    /**
     * The filter of the pull's subscription: the one in the request (sysFlag 0x4), else the group's from its
     * heartbeat; null when the group has none. SQL92 expressions are compiled once and cached.
     *
     * @throws SqlSyntaxException for a SQL92 expression that does not compile
     */
    private MessageFilter filterOf(PullMessageRequestHeader h) {
        if (PullSysFlag.has(h.sysFlag(), PullSysFlag.SUBSCRIPTION)) {
            return SqlFilters.isSql(h.expressionType())
                    ? sqlFilters.filter(h.subscription())
                    : TagFilter.of(h.subscription());
        }
        SubscriptionData sub = clients.subscription(h.consumerGroup(), h.topic());
        if (sub == null) {
            return null;
        }
        return SqlFilters.isSql(sub.expressionType()) ? sqlFilters.filter(sub.subString()) : TagFilter.of(sub);
    }

    private static RemotingCommand answer(PullMessageRequestHeader h, GetResult r) {
        ResponseCode code;
        long next = r.nextBeginOffset();
        switch (r.status()) {
            case FOUND -> code = ResponseCode.SUCCESS;
            case NO_MATCHED_MESSAGE -> code = ResponseCode.PULL_RETRY_IMMEDIATELY;
            case OFFSET_OVERFLOW_ONE, OFFSET_FOUND_NULL -> code = ResponseCode.PULL_NOT_FOUND;
            // a queue never written to has no ConsumeQueue yet (NO_MATCHED_LOGIC_QUEUE): like RocketMQ, treat it as
            // empty, so offset 0 is held as "nothing new" instead of the client dropping the queue as OFFSET_ILLEGAL
            case NO_MESSAGE_IN_QUEUE, NO_MATCHED_LOGIC_QUEUE ->
                code = h.queueOffset() != 0 ? ResponseCode.PULL_OFFSET_MOVED : ResponseCode.PULL_NOT_FOUND;
            default -> code = ResponseCode.PULL_OFFSET_MOVED; // too small, overflow badly
        }
        RemotingCommand response = RemotingCommand.response(
                        code, code == ResponseCode.SUCCESS ? null : r.status().name())
                .header(new PullMessageResponseHeader(0, next, r.minOffset(), r.maxOffset(), null, null, null, null));
        if (code == ResponseCode.SUCCESS) {
            response.bodyBuffers(r.records().toArray(new ByteBuffer[0]));
        }
        return response;
    }
}
