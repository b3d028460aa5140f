package io.kitemq.client.admin;

import io.kitemq.client.FatalClientException;
import io.kitemq.client.KiteMqClientException;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.ConsumeStats;
import io.kitemq.protocol.body.ConsumerConnection;
import io.kitemq.protocol.body.QueueData;
import io.kitemq.protocol.body.ResetOffsetBody;
import io.kitemq.protocol.body.SubscriptionGroupWrapper;
import io.kitemq.protocol.body.TopicRouteData;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.DeleteSubscriptionGroupRequestHeader;
import io.kitemq.protocol.header.GetConsumeStatsRequestHeader;
import io.kitemq.protocol.header.GetConsumerConnectionListRequestHeader;
import io.kitemq.protocol.header.ResetOffsetRequestHeader;
import io.kitemq.protocol.message.MessageQueue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;

/**
 * Consumer group administration: create, update, list and delete subscription groups on the masters of a
 * cluster; the group's online connections; its progress (offsets and lag per queue); and resetting its
 * offsets on a topic to a point in time, the earliest or the latest offset. Obtained from
 * {@link AdminClient#groups()}; thread-safe.
 */
public final class GroupAdmin {

    /** {@link #resetOffsets} timestamp meaning "the end of each queue", as RocketMQ's brokers read it. */
    public static final long LATEST = -1;
    /** {@link #resetOffsets} timestamp meaning "the start of each queue". */
    public static final long EARLIEST = 0;

    private static final TypeReference<SubscriptionGroupWrapper<Map<String, Object>>> GROUPS = new TypeReference<>() {};

    private final AdminRpc rpc;
    private final ClusterView cluster;
    private final QueueOffsets offsets;

    GroupAdmin(AdminRpc rpc, ClusterView cluster, QueueOffsets offsets) {
        this.rpc = rpc;
        this.cluster = cluster;
        this.offsets = offsets;
    }

    /** Creates or updates the group on every master of {@code clusterName} (all clusters when null). */
    public List<String> createOrUpdate(GroupSpec spec, String clusterName) {
        List<String> masters = cluster.masters(clusterName);
        byte[] body = BodyCodec.encode(spec.toBody());
        for (String address : masters) {
            rpc.broker(
                    address,
                    RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP.code())
                            .body(body),
                    "create/update of group " + spec.group());
        }
        return masters;
    }

    /** Deletes the group (and, if {@code cleanOffsets}, its committed offsets) from the masters. */
    public List<String> delete(String group, String clusterName, boolean cleanOffsets) {
        checkName(group);
        List<String> masters = cluster.masters(clusterName);
        for (String address : masters) {
            rpc.broker(
                    address,
                    RemotingCommand.request(
                            RequestCode.DELETE_SUBSCRIPTIONGROUP.code(),
                            new DeleteSubscriptionGroupRequestHeader(group, cleanOffsets)),
                    "delete of group " + group);
        }
        return masters;
    }

    /** The groups configured on the masters of {@code clusterName} (all when null), by name. */
    public SortedMap<String, GroupSpec> list(String clusterName) {
        SortedMap<String, GroupSpec> out = new TreeMap<>();
        for (String address : cluster.masters(clusterName)) {
            RemotingCommand response = rpc.broker(
                    address,
                    RemotingCommand.request(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG.code()),
                    "group list");
            SubscriptionGroupWrapper<Map<String, Object>> wrapper;
            try {
                wrapper = BodyCodec.decode(response.body(), GROUPS);
            } catch (RuntimeException e) {
                throw new FatalClientException("group list: unreadable answer from " + address, e);
            }
            wrapper.subscriptionGroupTable()
                    .forEach((name, body) -> out.putIfAbsent(name, GroupSpec.fromBody(name, body)));
        }
        return out;
    }

    /**
     * The group's online clients and subscriptions, merged over the masters. CONSUMER_NOT_ONLINE (206) when
     * no broker knows an online client of the group.
     */
    public ConsumerConnection connections(String group) {
        checkName(group);
        ConsumerConnection merged = null;
        Set<io.kitemq.protocol.body.Connection> all = new LinkedHashSet<>();
        KiteMqClientException last = null;
        for (String address : cluster.masters(null)) {
            RemotingCommand response = rpc.raw(
                    address,
                    RemotingCommand.request(
                            RequestCode.GET_CONSUMER_CONNECTION_LIST.code(),
                            new GetConsumerConnectionListRequestHeader(group)),
                    "connections of group " + group);
            if (response.code() != ResponseCode.SUCCESS.code()) {
                last = AdminRpc.failure(response, "connections of group " + group, "broker " + address);
                continue;
            }
            ConsumerConnection c = AdminRpc.decode(response, ConsumerConnection.class, "connections of " + group);
            all.addAll(c.connectionSet());
            merged = merged == null ? c : merged;
        }
        if (merged == null) {
            throw last;
        }
        return new ConsumerConnection(
                all,
                merged.subscriptionTable(),
                merged.consumeType(),
                merged.messageModel(),
                merged.consumeFromWhere());
    }

    /**
     * The group's offsets and lag per queue over every master (only {@code topic}'s queues when it is
     * not null). Fails only if no broker answered with stats.
     */
    public ConsumerProgress progress(String group, String topic) {
        checkName(group);
        List<String> brokers = topic == null
                ? cluster.masters(null)
                : ClusterView.routeMasters(rpc.route(topic)).stream()
                        .map(ClusterView.NamedBroker::address)
                        .toList();
        List<QueueProgress> queues = new ArrayList<>();
        double tps = 0;
        KiteMqClientException last = null;
        boolean any = false;
        for (String address : brokers) {
            RemotingCommand response = rpc.raw(
                    address,
                    RemotingCommand.request(
                            RequestCode.GET_CONSUME_STATS.code(), new GetConsumeStatsRequestHeader(group, topic, null)),
                    "progress of group " + group);
            if (response.code() != ResponseCode.SUCCESS.code()) {
                last = AdminRpc.failure(response, "progress of group " + group, "broker " + address);
                continue;
            }
            any = true;
            ConsumeStats stats = AdminRpc.decode(response, ConsumeStats.class, "progress of group " + group);
            tps += stats.consumeTps();
            stats.offsetTable()
                    .forEach((q, o) -> queues.add(new QueueProgress(
                            q.topic(),
                            q.brokerName(),
                            q.queueId(),
                            o.brokerOffset(),
                            o.consumerOffset(),
                            o.lastTimestamp())));
        }
        if (!any) {
            throw last;
        }
        queues.sort(Comparator.comparing(QueueProgress::topic)
                .thenComparing(QueueProgress::brokerName)
                .thenComparingInt(QueueProgress::queueId));
        return new ConsumerProgress(group, queues, tps);
    }

    /**
     * Moves the group's offsets on every queue of {@code topic} to the first message stored at or after
     * {@code timestampMs} ({@link #EARLIEST}, {@link #LATEST}), forward or back. Online consumers are told by
     * the broker and continue from there; when none is online (CONSUMER_NOT_ONLINE) the offsets are
     * computed and committed directly, as RocketMQ's {@code mqadmin} does.
     *
     * @return the new offset of each queue
     */
    public Map<MessageQueue, Long> resetOffsets(String group, String topic, long timestampMs) {
        checkName(group);
        if (timestampMs < LATEST) {
            throw new FatalClientException("Reset of group " + group + ": timestamp must be >= -1, got " + timestampMs);
        }
        TopicRouteData route = rpc.route(topic);
        Map<MessageQueue, Long> out = new TreeMap<>();
        for (ClusterView.NamedBroker broker : ClusterView.routeMasters(route)) {
            RemotingCommand response = rpc.raw(
                    broker.address(),
                    RemotingCommand.request(
                            RequestCode.INVOKE_BROKER_TO_RESET_OFFSET.code(),
                            new ResetOffsetRequestHeader(group, topic, -1, null, timestampMs, true, null)),
                    "offset reset of group " + group + " on " + topic);
            if (response.code() == ResponseCode.SUCCESS.code() && response.body() != null) {
                ResetOffsetBody body = AdminRpc.decode(response, ResetOffsetBody.class, "offset reset of " + group);
                body.offsetTable()
                        .forEach((q, offset) ->
                                out.put(new MessageQueue(q.topic(), q.brokerName(), q.queueId()), offset));
            } else if (response.code() == ResponseCode.CONSUMER_NOT_ONLINE.code()) {
                out.putAll(resetOffline(group, topic, timestampMs, broker, route));
            } else {
                throw AdminRpc.failure(response, "offset reset of group " + group + " on " + topic, broker.address());
            }
        }
        return out;
    }

    private Map<MessageQueue, Long> resetOffline(
            String group, String topic, long timestampMs, ClusterView.NamedBroker broker, TopicRouteData route) {
        Map<MessageQueue, Long> out = new LinkedHashMap<>();
        for (QueueData q : route.queueDatas()) {
            if (!q.brokerName().equals(broker.name())) {
                continue;
            }
            for (int id = 0; id < q.readQueueNums(); id++) {
                long target = timestampMs == LATEST
                        ? offsets.max(broker.address(), topic, id)
                        : timestampMs == EARLIEST
                                ? offsets.min(broker.address(), topic, id)
                                : offsets.searchByTime(broker.address(), topic, id, timestampMs);
                offsets.commit(broker.address(), group, topic, id, target);
                out.put(new MessageQueue(topic, broker.name(), id), target);
            }
        }
        return out;
    }

    static void checkName(String group) {
        GroupSpec.of(group);
    }
}
