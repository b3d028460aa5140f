package io.kitemq.client.admin;

import io.kitemq.client.FatalClientException;
import io.kitemq.protocol.body.TopicList;
import io.kitemq.protocol.body.TopicRouteData;
import io.kitemq.protocol.body.TopicStatsTable;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.CreateTopicRequestHeader;
import io.kitemq.protocol.header.DeleteTopicFromNamesrvRequestHeader;
import io.kitemq.protocol.header.DeleteTopicRequestHeader;
import io.kitemq.protocol.header.GetTopicStatsInfoRequestHeader;
import io.kitemq.protocol.message.TopicName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Topic administration ({@code mqadmin updateTopic / deleteTopic / topicList / topicRoute / topicStatus}):
 * create or update a topic on every master of a cluster or on one broker, delete it from the brokers and
 * the NameServers, list all topics, read a route and the per-queue offsets. Obtained from
 * {@link AdminClient#topics()}; thread-safe.
 */
public final class TopicAdmin {

    private final AdminRpc rpc;
    private final ClusterView cluster;

    TopicAdmin(AdminRpc rpc, ClusterView cluster) {
        this.rpc = rpc;
        this.cluster = cluster;
    }

    /**
     * Creates or updates the topic on every master of {@code clusterName} (every master of every cluster
     * when null). The brokers register the change with the NameServers themselves, so the route follows
     * within their registration interval.
     *
     * @return the addresses of the brokers updated
     */
    public List<String> createOrUpdate(TopicSpec spec, String clusterName) {
        List<String> masters = cluster.masters(clusterName);
        for (String address : masters) {
            createOrUpdateOnBroker(spec, address);
        }
        return masters;
    }

    /** Creates or updates the topic on the broker at {@code brokerAddress}. */
    public void createOrUpdateOnBroker(TopicSpec spec, String brokerAddress) {
        CreateTopicRequestHeader header = new CreateTopicRequestHeader(
                spec.topic(),
                TopicName.AUTO_CREATE_TOPIC_KEY,
                spec.readQueues(),
                spec.writeQueues(),
                spec.perm(),
                "SINGLE_TAG",
                null,
                spec.order(),
                null,
                false);
        rpc.broker(
                brokerAddress,
                RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC.code(), header),
                "create/update of topic " + spec.topic());
    }

    /**
     * Deletes the topic from the masters of {@code clusterName} (when null: from the brokers its route
     * names) and then from every NameServer.
     *
     * @return the addresses of the brokers it was deleted from
     */
    public List<String> delete(String topic, String clusterName) {
        checkName(topic);
        List<String> brokers = clusterName != null
                ? cluster.masters(clusterName)
                : ClusterView.routeMasters(rpc.route(topic)).stream()
                        .map(ClusterView.NamedBroker::address)
                        .toList();
        for (String address : brokers) {
            rpc.broker(
                    address,
                    RemotingCommand.request(
                            RequestCode.DELETE_TOPIC_IN_BROKER.code(), new DeleteTopicRequestHeader(topic)),
                    "delete of topic " + topic);
        }
        for (String nameServer : rpc.nameServers()) {
            rpc.nameServerAt(
                    nameServer,
                    RemotingCommand.request(
                            RequestCode.DELETE_TOPIC_IN_NAMESRV.code(),
                            new DeleteTopicFromNamesrvRequestHeader(topic, clusterName)),
                    "delete of topic " + topic);
        }
        return brokers;
    }

    /** Every topic the NameServer knows, system topics included, sorted. */
    public SortedSet<String> list() {
        RemotingCommand response = rpc.nameServer(
                RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER.code()), "topic list");
        return new TreeSet<>(
                AdminRpc.decode(response, TopicList.class, "topic list").topicList());
    }

    /** The topic's route; an unknown topic is a {@link io.kitemq.client.TopicNotFoundException}. */
    public TopicRouteData route(String topic) {
        checkName(topic);
        return rpc.route(topic);
    }

    /** Min and max offset of every queue of the topic on every master that serves it, sorted by broker and queue. */
    public List<QueueStatus> status(String topic) {
        checkName(topic);
        List<QueueStatus> out = new ArrayList<>();
        for (ClusterView.NamedBroker broker : ClusterView.routeMasters(rpc.route(topic))) {
            RemotingCommand response = rpc.broker(
                    broker.address(),
                    RemotingCommand.request(
                            RequestCode.GET_TOPIC_STATS_INFO.code(), new GetTopicStatsInfoRequestHeader(topic)),
                    "status of topic " + topic);
            TopicStatsTable stats = AdminRpc.decode(response, TopicStatsTable.class, "status of topic " + topic);
            stats.offsetTable()
                    .forEach((q, o) -> out.add(new QueueStatus(
                            q.brokerName() == null ? broker.name() : q.brokerName(),
                            q.queueId(),
                            o.minOffset(),
                            o.maxOffset(),
                            o.lastUpdateTimestamp())));
        }
        out.sort(Comparator.comparing(QueueStatus::brokerName).thenComparingInt(QueueStatus::queueId));
        return out;
    }

    static void checkName(String topic) {
        String problem = TopicName.check(topic);
        if (problem != null) {
            throw new FatalClientException("Invalid topic: " + problem);
        }
    }
}
