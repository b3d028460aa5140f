package io.kitemq.protocol.body;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.TopicFilterType;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.DataVersion;
import org.apache.rocketmq.remoting.protocol.LanguageCode;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.body.Connection;
import org.apache.rocketmq.remoting.protocol.body.ConsumerConnection;
import org.apache.rocketmq.remoting.protocol.body.KVTable;
import org.apache.rocketmq.remoting.protocol.body.LockBatchRequestBody;
import org.apache.rocketmq.remoting.protocol.body.LockBatchResponseBody;
import org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody;
import org.apache.rocketmq.remoting.protocol.body.ResetOffsetBody;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.body.TopicList;
import org.apache.rocketmq.remoting.protocol.body.UnlockBatchRequestBody;
import org.apache.rocketmq.remoting.protocol.header.GetConsumerListByGroupResponseBody;
import org.apache.rocketmq.remoting.protocol.heartbeat.ConsumerData;
import org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData;
import org.apache.rocketmq.remoting.protocol.heartbeat.ProducerData;
import org.apache.rocketmq.remoting.protocol.heartbeat.SubscriptionData;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;

/**
 * Converts between our body records and RocketMQ 5.5.0's classes, field by field, for the oracle tests.
 * Their types are imported; ours are named with the package prefix {@code io.kitemq.protocol.body}.
 */
final class RocketMqOracle {

    private RocketMqOracle() {}

    // ---- route -------------------------------------------------------------------------------------

    static TopicRouteData theirs(io.kitemq.protocol.body.TopicRouteData ours) {
        TopicRouteData t = new TopicRouteData();
        t.setOrderTopicConf(ours.orderTopicConf());
        t.setQueueDatas(new ArrayList<>(
                ours.queueDatas().stream().map(RocketMqOracle::theirs).toList()));
        t.setBrokerDatas(new ArrayList<>(
                ours.brokerDatas().stream().map(RocketMqOracle::theirs).toList()));
        HashMap<String, List<String>> filters = new HashMap<>();
        ours.filterServerTable().forEach((k, v) -> filters.put(k, new ArrayList<>(v)));
        t.setFilterServerTable(filters);
        return t;
    }

    static io.kitemq.protocol.body.TopicRouteData ours(TopicRouteData t) {
        return new io.kitemq.protocol.body.TopicRouteData(
                t.getOrderTopicConf(),
                t.getQueueDatas() == null
                        ? null
                        : t.getQueueDatas().stream().map(RocketMqOracle::ours).toList(),
                t.getBrokerDatas() == null
                        ? null
                        : t.getBrokerDatas().stream().map(RocketMqOracle::ours).toList(),
                t.getFilterServerTable(),
                null);
    }

    static QueueData theirs(io.kitemq.protocol.body.QueueData ours) {
        QueueData q = new QueueData();
        q.setBrokerName(ours.brokerName());
        q.setReadQueueNums(ours.readQueueNums());
        q.setWriteQueueNums(ours.writeQueueNums());
        q.setPerm(ours.perm());
        q.setTopicSysFlag(ours.topicSysFlag());
        return q;
    }

    static io.kitemq.protocol.body.QueueData ours(QueueData q) {
        return new io.kitemq.protocol.body.QueueData(
                q.getBrokerName(), q.getReadQueueNums(), q.getWriteQueueNums(), q.getPerm(), q.getTopicSysFlag());
    }

    static BrokerData theirs(io.kitemq.protocol.body.BrokerData ours) {
        BrokerData b = new BrokerData(ours.cluster(), ours.brokerName(), new HashMap<>(ours.brokerAddrs()));
        b.setZoneName(ours.zoneName());
        b.setEnableActingMaster(ours.enableActingMaster());
        return b;
    }

    static io.kitemq.protocol.body.BrokerData ours(BrokerData b) {
        return new io.kitemq.protocol.body.BrokerData(
                b.getCluster(), b.getBrokerName(), b.getBrokerAddrs(), b.getZoneName(), b.isEnableActingMaster());
    }

    static ClusterInfo theirs(io.kitemq.protocol.body.ClusterInfo ours) {
        ClusterInfo c = new ClusterInfo();
        Map<String, BrokerData> brokers = new HashMap<>();
        ours.brokerAddrTable().forEach((k, v) -> brokers.put(k, theirs(v)));
        c.setBrokerAddrTable(brokers);
        Map<String, Set<String>> clusters = new HashMap<>();
        ours.clusterAddrTable().forEach((k, v) -> clusters.put(k, new HashSet<>(v)));
        c.setClusterAddrTable(clusters);
        return c;
    }

    static io.kitemq.protocol.body.ClusterInfo ours(ClusterInfo c) {
        Map<String, io.kitemq.protocol.body.BrokerData> brokers = new LinkedHashMap<>();
        c.getBrokerAddrTable().forEach((k, v) -> brokers.put(k, ours(v)));
        return new io.kitemq.protocol.body.ClusterInfo(brokers, c.getClusterAddrTable());
    }

    // ---- topic config and registration --------------------------------------------------------------

    static DataVersion theirs(io.kitemq.protocol.body.DataVersion ours) {
        DataVersion d = new DataVersion();
        d.setStateVersion(ours.stateVersion());
        d.setTimestamp(ours.timestamp());
        d.setCounter(new AtomicLong(ours.counter()));
        return d;
    }

    static io.kitemq.protocol.body.DataVersion ours(DataVersion d) {
        return new io.kitemq.protocol.body.DataVersion(
                d.getStateVersion(), d.getTimestamp(), d.getCounter().get());
    }

    static TopicConfig theirs(io.kitemq.protocol.body.TopicConfig ours) {
        TopicConfig t = new TopicConfig(ours.topicName(), ours.readQueueNums(), ours.writeQueueNums(), ours.perm());
        t.setTopicFilterType(TopicFilterType.valueOf(ours.topicFilterType().name()));
        t.setTopicSysFlag(ours.topicSysFlag());
        t.setOrder(ours.order());
        t.setAttributes(new HashMap<>(ours.attributes()));
        return t;
    }

    static io.kitemq.protocol.body.TopicConfig ours(TopicConfig t) {
        return new io.kitemq.protocol.body.TopicConfig(
                t.getTopicName(),
                t.getReadQueueNums(),
                t.getWriteQueueNums(),
                t.getPerm(),
                io.kitemq.protocol.body.TopicFilterType.valueOf(
                        t.getTopicFilterType().name()),
                t.getTopicSysFlag(),
                t.isOrder(),
                t.getAttributes());
    }

    static TopicConfigSerializeWrapper theirs(io.kitemq.protocol.body.TopicConfigSerializeWrapper ours) {
        TopicConfigSerializeWrapper w = new TopicConfigSerializeWrapper();
        fill(w, ours);
        return w;
    }

    private static void fill(TopicConfigSerializeWrapper w, io.kitemq.protocol.body.TopicConfigSerializeWrapper ours) {
        ConcurrentHashMap<String, TopicConfig> table = new ConcurrentHashMap<>();
        ours.topicConfigTable().forEach((k, v) -> table.put(k, theirs(v)));
        w.setTopicConfigTable(table);
        w.setDataVersion(theirs(ours.dataVersion()));
    }

    static io.kitemq.protocol.body.TopicConfigSerializeWrapper ours(TopicConfigSerializeWrapper w) {
        Map<String, io.kitemq.protocol.body.TopicConfig> table = new LinkedHashMap<>();
        w.getTopicConfigTable().forEach((k, v) -> table.put(k, ours(v)));
        if (w instanceof TopicConfigAndMappingSerializeWrapper m) {
            return new io.kitemq.protocol.body.TopicConfigSerializeWrapper(
                    table, ours(w.getDataVersion()), null, null, ours(m.getMappingDataVersion()));
        }
        return new io.kitemq.protocol.body.TopicConfigSerializeWrapper(table, ours(w.getDataVersion()));
    }

    /** Without mapping infos: the tests of those compare their fields directly. */
    static RegisterBrokerBody theirs(io.kitemq.protocol.body.RegisterBrokerBody ours) {
        RegisterBrokerBody r = new RegisterBrokerBody();
        TopicConfigAndMappingSerializeWrapper w = new TopicConfigAndMappingSerializeWrapper();
        fill(w, ours.topicConfigSerializeWrapper());
        w.setMappingDataVersion(theirs(ours.topicConfigSerializeWrapper().mappingDataVersion()));
        r.setTopicConfigSerializeWrapper(w);
        r.setFilterServerList(new ArrayList<>(ours.filterServerList()));
        return r;
    }

    static io.kitemq.protocol.body.RegisterBrokerBody ours(RegisterBrokerBody r) {
        return new io.kitemq.protocol.body.RegisterBrokerBody(
                ours(r.getTopicConfigSerializeWrapper()), r.getFilterServerList());
    }

    // ---- heartbeat and consumer connections ---------------------------------------------------------

    static HeartbeatData theirs(io.kitemq.protocol.body.HeartbeatData ours) {
        HeartbeatData h = new HeartbeatData();
        h.setClientID(ours.clientID());
        h.setProducerDataSet(new HashSet<>(
                ours.producerDataSet().stream().map(RocketMqOracle::theirs).toList()));
        h.setConsumerDataSet(new HashSet<>(
                ours.consumerDataSet().stream().map(RocketMqOracle::theirs).toList()));
        h.setHeartbeatFingerprint(ours.heartbeatFingerprint());
        h.setWithoutSub(ours.withoutSub());
        return h;
    }

    static io.kitemq.protocol.body.HeartbeatData ours(HeartbeatData h) {
        return new io.kitemq.protocol.body.HeartbeatData(
                h.getClientID(),
                set(h.getProducerDataSet().stream().map(RocketMqOracle::ours).toList()),
                set(h.getConsumerDataSet().stream().map(RocketMqOracle::ours).toList()),
                h.getHeartbeatFingerprint(),
                h.isWithoutSub());
    }

    static ProducerData theirs(io.kitemq.protocol.body.ProducerData ours) {
        ProducerData p = new ProducerData();
        p.setGroupName(ours.groupName());
        return p;
    }

    static io.kitemq.protocol.body.ProducerData ours(ProducerData p) {
        return new io.kitemq.protocol.body.ProducerData(p.getGroupName());
    }

    static ConsumerData theirs(io.kitemq.protocol.body.ConsumerData ours) {
        ConsumerData c = new ConsumerData();
        c.setGroupName(ours.groupName());
        c.setConsumeType(
                ours.consumeType() == null
                        ? null
                        : theirEnum(
                                org.apache.rocketmq.remoting.protocol.heartbeat.ConsumeType.class, ours.consumeType()));
        c.setMessageModel(
                ours.messageModel() == null
                        ? null
                        : theirEnum(
                                org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel.class,
                                ours.messageModel()));
        c.setConsumeFromWhere(
                ours.consumeFromWhere() == null
                        ? null
                        : theirEnum(
                                org.apache.rocketmq.common.consumer.ConsumeFromWhere.class, ours.consumeFromWhere()));
        c.setSubscriptionDataSet(new HashSet<>(
                ours.subscriptionDataSet().stream().map(RocketMqOracle::theirs).toList()));
        c.setUnitMode(ours.unitMode());
        return c;
    }

    static io.kitemq.protocol.body.ConsumerData ours(ConsumerData c) {
        return new io.kitemq.protocol.body.ConsumerData(
                c.getGroupName(),
                c.getConsumeType() == null
                        ? null
                        : ourEnum(io.kitemq.protocol.body.ConsumeType.class, c.getConsumeType()),
                c.getMessageModel() == null
                        ? null
                        : ourEnum(io.kitemq.protocol.body.MessageModel.class, c.getMessageModel()),
                c.getConsumeFromWhere() == null
                        ? null
                        : ourEnum(io.kitemq.protocol.body.ConsumeFromWhere.class, c.getConsumeFromWhere()),
                set(c.getSubscriptionDataSet().stream()
                        .map(RocketMqOracle::ours)
                        .toList()),
                c.isUnitMode());
    }

    static SubscriptionData theirs(io.kitemq.protocol.body.SubscriptionData ours) {
        SubscriptionData s = new SubscriptionData();
        s.setTopic(ours.topic());
        s.setSubString(ours.subString());
        s.setTagsSet(new HashSet<>(ours.tagsSet()));
        s.setCodeSet(new HashSet<>(ours.codeSet()));
        s.setSubVersion(ours.subVersion());
        s.setExpressionType(ours.expressionType());
        s.setClassFilterMode(ours.classFilterMode());
        return s;
    }

    static io.kitemq.protocol.body.SubscriptionData ours(SubscriptionData s) {
        return new io.kitemq.protocol.body.SubscriptionData(
                s.getTopic(),
                s.getSubString(),
                s.getTagsSet(),
                s.getCodeSet(),
                s.getSubVersion(),
                s.getExpressionType(),
                s.isClassFilterMode());
    }

    static ConsumerConnection theirs(io.kitemq.protocol.body.ConsumerConnection ours) {
        ConsumerConnection c = new ConsumerConnection();
        ours.connectionSet().forEach(x -> c.getConnectionSet().add(theirs(x)));
        ours.subscriptionTable().forEach((k, v) -> c.getSubscriptionTable().put(k, theirs(v)));
        c.setConsumeType(
                ours.consumeType() == null
                        ? null
                        : theirEnum(
                                org.apache.rocketmq.remoting.protocol.heartbeat.ConsumeType.class, ours.consumeType()));
        c.setMessageModel(
                ours.messageModel() == null
                        ? null
                        : theirEnum(
                                org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel.class,
                                ours.messageModel()));
        c.setConsumeFromWhere(
                ours.consumeFromWhere() == null
                        ? null
                        : theirEnum(
                                org.apache.rocketmq.common.consumer.ConsumeFromWhere.class, ours.consumeFromWhere()));
        return c;
    }

    static io.kitemq.protocol.body.ConsumerConnection ours(ConsumerConnection c) {
        Map<String, io.kitemq.protocol.body.SubscriptionData> subs = new LinkedHashMap<>();
        c.getSubscriptionTable().forEach((k, v) -> subs.put(k, ours(v)));
        return new io.kitemq.protocol.body.ConsumerConnection(
                set(c.getConnectionSet().stream().map(RocketMqOracle::ours).toList()),
                subs,
                c.getConsumeType() == null
                        ? null
                        : ourEnum(io.kitemq.protocol.body.ConsumeType.class, c.getConsumeType()),
                c.getMessageModel() == null
                        ? null
                        : ourEnum(io.kitemq.protocol.body.MessageModel.class, c.getMessageModel()),
                c.getConsumeFromWhere() == null
                        ? null
                        : ourEnum(io.kitemq.protocol.body.ConsumeFromWhere.class, c.getConsumeFromWhere()));
    }

    static Connection theirs(io.kitemq.protocol.body.Connection ours) {
        Connection c = new Connection();
        c.setClientId(ours.clientId());
        c.setClientAddr(ours.clientAddr());
        c.setLanguage(ours.language() == null ? null : LanguageCode.valueOf(ours.language()));
        c.setVersion(ours.version());
        return c;
    }

    static io.kitemq.protocol.body.Connection ours(Connection c) {
        return new io.kitemq.protocol.body.Connection(
                c.getClientId(),
                c.getClientAddr(),
                c.getLanguage() == null ? null : c.getLanguage().name(),
                c.getVersion());
    }

    // ---- queue-keyed and small bodies ---------------------------------------------------------------

    static MessageQueue theirs(QueueRef q) {
        return new MessageQueue(q.topic(), q.brokerName(), q.queueId());
    }

    static QueueRef ours(MessageQueue q) {
        return new QueueRef(q.getTopic(), q.getBrokerName(), q.getQueueId());
    }

    static GetConsumerListByGroupResponseBody theirs(io.kitemq.protocol.body.GetConsumerListByGroupResponseBody ours) {
        GetConsumerListByGroupResponseBody b = new GetConsumerListByGroupResponseBody();
        b.setConsumerIdList(new ArrayList<>(ours.consumerIdList()));
        return b;
    }

    static io.kitemq.protocol.body.GetConsumerListByGroupResponseBody ours(GetConsumerListByGroupResponseBody b) {
        return new io.kitemq.protocol.body.GetConsumerListByGroupResponseBody(b.getConsumerIdList());
    }

    static LockBatchRequestBody theirs(io.kitemq.protocol.body.LockBatchRequestBody ours) {
        LockBatchRequestBody b = new LockBatchRequestBody();
        b.setConsumerGroup(ours.consumerGroup());
        b.setClientId(ours.clientId());
        b.setOnlyThisBroker(ours.onlyThisBroker());
        b.setMqSet(queues(ours.mqSet()));
        return b;
    }

    static io.kitemq.protocol.body.LockBatchRequestBody ours(LockBatchRequestBody b) {
        return new io.kitemq.protocol.body.LockBatchRequestBody(
                b.getConsumerGroup(), b.getClientId(), b.isOnlyThisBroker(), refs(b.getMqSet()));
    }

    static UnlockBatchRequestBody theirs(io.kitemq.protocol.body.UnlockBatchRequestBody ours) {
        UnlockBatchRequestBody b = new UnlockBatchRequestBody();
        b.setConsumerGroup(ours.consumerGroup());
        b.setClientId(ours.clientId());
        b.setOnlyThisBroker(ours.onlyThisBroker());
        b.setMqSet(queues(ours.mqSet()));
        return b;
    }

    static io.kitemq.protocol.body.UnlockBatchRequestBody ours(UnlockBatchRequestBody b) {
        return new io.kitemq.protocol.body.UnlockBatchRequestBody(
                b.getConsumerGroup(), b.getClientId(), b.isOnlyThisBroker(), refs(b.getMqSet()));
    }

    static LockBatchResponseBody theirs(io.kitemq.protocol.body.LockBatchResponseBody ours) {
        LockBatchResponseBody b = new LockBatchResponseBody();
        b.setLockOKMQSet(queues(ours.lockOKMQSet()));
        return b;
    }

    static io.kitemq.protocol.body.LockBatchResponseBody ours(LockBatchResponseBody b) {
        return new io.kitemq.protocol.body.LockBatchResponseBody(refs(b.getLockOKMQSet()));
    }

    static TopicList theirs(io.kitemq.protocol.body.TopicList ours) {
        TopicList t = new TopicList();
        t.setTopicList(new HashSet<>(ours.topicList()));
        t.setBrokerAddr(ours.brokerAddr());
        return t;
    }

    static io.kitemq.protocol.body.TopicList ours(TopicList t) {
        return new io.kitemq.protocol.body.TopicList(t.getTopicList(), t.getBrokerAddr());
    }

    static KVTable theirs(io.kitemq.protocol.body.KVTable ours) {
        KVTable t = new KVTable();
        t.setTable(new HashMap<>(ours.table()));
        return t;
    }

    static io.kitemq.protocol.body.KVTable ours(KVTable t) {
        return new io.kitemq.protocol.body.KVTable(t.getTable());
    }

    static ConsumeStats theirs(io.kitemq.protocol.body.ConsumeStats ours) {
        ConsumeStats s = new ConsumeStats();
        ours.offsetTable().forEach((q, w) -> {
            OffsetWrapper o = new OffsetWrapper();
            o.setBrokerOffset(w.brokerOffset());
            o.setConsumerOffset(w.consumerOffset());
            o.setPullOffset(w.pullOffset());
            o.setLastTimestamp(w.lastTimestamp());
            s.getOffsetTable().put(theirs(q), o);
        });
        s.setConsumeTps(ours.consumeTps());
        return s;
    }

    static io.kitemq.protocol.body.ConsumeStats ours(ConsumeStats s) {
        Map<QueueRef, io.kitemq.protocol.body.OffsetWrapper> table = new LinkedHashMap<>();
        s.getOffsetTable()
                .forEach((q, w) -> table.put(
                        ours(q),
                        new io.kitemq.protocol.body.OffsetWrapper(
                                w.getBrokerOffset(), w.getConsumerOffset(), w.getPullOffset(), w.getLastTimestamp())));
        return new io.kitemq.protocol.body.ConsumeStats(table, s.getConsumeTps());
    }

    static ResetOffsetBody theirs(io.kitemq.protocol.body.ResetOffsetBody ours) {
        ResetOffsetBody b = new ResetOffsetBody();
        Map<MessageQueue, Long> table = new HashMap<>();
        ours.offsetTable().forEach((q, offset) -> table.put(theirs(q), offset));
        b.setOffsetTable(table);
        return b;
    }

    static io.kitemq.protocol.body.ResetOffsetBody ours(ResetOffsetBody b) {
        Map<QueueRef, Long> table = new LinkedHashMap<>();
        b.getOffsetTable().forEach((q, offset) -> table.put(ours(q), offset));
        return new io.kitemq.protocol.body.ResetOffsetBody(table);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static Set<MessageQueue> queues(Set<QueueRef> refs) {
        Set<MessageQueue> out = new HashSet<>();
        refs.forEach(q -> out.add(theirs(q)));
        return out;
    }

    private static Set<QueueRef> refs(Set<MessageQueue> queues) {
        return queues == null
                ? null
                : set(queues.stream().map(RocketMqOracle::ours).toList());
    }

    private static <T> Set<T> set(List<T> items) {
        return new LinkedHashSet<>(items);
    }

    private static <E extends Enum<E>> E theirEnum(Class<E> type, Enum<?> ours) {
        return Enum.valueOf(type, ours.name());
    }

    private static <E extends Enum<E>> E ourEnum(Class<E> type, Enum<?> theirs) {
        return Enum.valueOf(type, theirs.name());
    }
}
