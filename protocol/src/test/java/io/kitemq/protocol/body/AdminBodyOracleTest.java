package io.kitemq.protocol.body;

import static io.kitemq.protocol.body.BodyOracleTest.Q0;
import static io.kitemq.protocol.body.BodyOracleTest.Q1;
import static io.kitemq.protocol.body.BodyOracleTest.TRICKY;
import static io.kitemq.protocol.body.BodyOracleTest.assertBothWays;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.apache.rocketmq.remoting.protocol.admin.TopicOffset;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.remoting.protocol.body.ConsumerOffsetSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.body.GroupList;
import org.apache.rocketmq.remoting.protocol.body.ProducerConnection;
import org.apache.rocketmq.remoting.protocol.body.SubscriptionGroupWrapper;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

/**
 * The admin answer bodies (topic stats, group list, producer connections, all offsets, all groups) both
 * ways against RocketMQ 5.5.0, as {@link BodyOracleTest} does for the others.
 */
class AdminBodyOracleTest {

    @Test
    void topicStatsTableWithQueueKeys() {
        Map<QueueRef, io.kitemq.protocol.body.TopicOffset> table = new LinkedHashMap<>();
        table.put(Q0, new io.kitemq.protocol.body.TopicOffset(3, 100, 1_700_000_000_000L));
        table.put(Q1, new io.kitemq.protocol.body.TopicOffset(0, 0, 0));
        io.kitemq.protocol.body.TopicStatsTable ours = new io.kitemq.protocol.body.TopicStatsTable(table, 2.5);
        assertBothWays(
                ours,
                AdminBodyOracleTest::theirs,
                AdminBodyOracleTest::ours,
                io.kitemq.protocol.body.TopicStatsTable.class,
                TopicStatsTable.class);
        assertThat(new String(BodyCodec.encode(ours), StandardCharsets.UTF_8)).startsWith("{\"offsetTable\":{{");
    }

    @Test
    void groupList() {
        assertBothWays(
                new io.kitemq.protocol.body.GroupList(Set.of("g1", TRICKY)),
                ours -> {
                    GroupList g = new GroupList();
                    g.setGroupList(new HashSet<>(ours.groupList()));
                    return g;
                },
                theirs -> new io.kitemq.protocol.body.GroupList(theirs.getGroupList()),
                io.kitemq.protocol.body.GroupList.class,
                GroupList.class);
    }

    @Test
    void producerConnection() {
        assertBothWays(
                new io.kitemq.protocol.body.ProducerConnection(Set.of(
                        new Connection("10.0.0.1@1", "10.0.0.1:50000", "JAVA", 479),
                        new Connection(TRICKY, "h:1", "GO", 0))),
                ours -> {
                    ProducerConnection p = new ProducerConnection();
                    ours.connectionSet().forEach(c -> p.getConnectionSet().add(RocketMqOracle.theirs(c)));
                    return p;
                },
                theirs ->
                        new io.kitemq.protocol.body.ProducerConnection(new HashSet<>(theirs.getConnectionSet().stream()
                                .map(RocketMqOracle::ours)
                                .toList())),
                io.kitemq.protocol.body.ProducerConnection.class,
                ProducerConnection.class);
    }

    @Test
    void consumerOffsetSerializeWrapper() {
        Map<String, Map<Integer, Long>> table = new LinkedHashMap<>();
        table.put("TopicA@g1", Map.of(0, 12L, 1, 40L));
        table.put("%RETRY%g1@g1", Map.of(0, 0L));
        io.kitemq.protocol.body.ConsumerOffsetSerializeWrapper ours =
                new io.kitemq.protocol.body.ConsumerOffsetSerializeWrapper(
                        table, new DataVersion(0, 1_700_000_000_000L, 3));
        assertBothWays(
                ours,
                AdminBodyOracleTest::theirs,
                theirs -> new io.kitemq.protocol.body.ConsumerOffsetSerializeWrapper(
                        new HashMap<>(theirs.getOffsetTable()), RocketMqOracle.ours(theirs.getDataVersion())),
                io.kitemq.protocol.body.ConsumerOffsetSerializeWrapper.class,
                ConsumerOffsetSerializeWrapper.class);
        assertThat(new String(RemotingSerializable.encode(theirs(ours)), StandardCharsets.UTF_8))
                .as("RocketMQ writes bare numeric queue ids")
                .contains("{0:12,1:40}");
    }

    @Test
    void subscriptionGroupWrapperWrittenByRocketMqReadsAsMaps() {
        SubscriptionGroupConfig g = new SubscriptionGroupConfig();
        g.setGroupName("g1");
        g.setRetryMaxTimes(3);
        g.setConsumeBroadcastEnable(false);
        SubscriptionGroupWrapper theirs = new SubscriptionGroupWrapper();
        theirs.getSubscriptionGroupTable().put("g1", g);
        theirs.getForbiddenTable().put("g1", new ConcurrentHashMap<>(Map.of("TopicA", 1)));
        theirs.setDataVersion(RocketMqOracle.theirs(new DataVersion(0, 1_700_000_000_000L, 7)));

        io.kitemq.protocol.body.SubscriptionGroupWrapper<Map<String, Object>> ours =
                BodyCodec.decode(RemotingSerializable.encode(theirs), new TypeReference<>() {});

        Map<String, Object> read = ours.subscriptionGroupTable().get("g1");
        assertThat(read).containsEntry("groupName", "g1").containsEntry("retryMaxTimes", 3);
        assertThat(read).containsEntry("consumeBroadcastEnable", false).containsEntry("consumeEnable", true);
        assertThat(ours.forbiddenTable()).isEqualTo(Map.of("g1", Map.of("TopicA", 1)));
        assertThat(ours.dataVersion()).isEqualTo(new DataVersion(0, 1_700_000_000_000L, 7));
    }

    @Test
    void subscriptionGroupWrapperWrittenByUsReadsInRocketMq() {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("groupName", "g1");
        group.put("consumeEnable", false);
        group.put("retryMaxTimes", 5);
        group.put("groupRetryPolicy", Map.of("type", "CUSTOMIZED"));
        io.kitemq.protocol.body.SubscriptionGroupWrapper<Map<String, Object>> ours =
                new io.kitemq.protocol.body.SubscriptionGroupWrapper<>(
                        Map.of("g1", group), Map.of("g1", Map.of("TopicA", 1)), new DataVersion(0, 42, 2));

        SubscriptionGroupWrapper theirs =
                RemotingSerializable.decode(BodyCodec.encode(ours), SubscriptionGroupWrapper.class);

        SubscriptionGroupConfig g = theirs.getSubscriptionGroupTable().get("g1");
        assertThat(g.getGroupName()).isEqualTo("g1");
        assertThat(g.isConsumeEnable()).isFalse();
        assertThat(g.getRetryMaxTimes()).isEqualTo(5);
        assertThat(theirs.getForbiddenTable().get("g1")).containsEntry("TopicA", 1);
        assertThat(RocketMqOracle.ours(theirs.getDataVersion())).isEqualTo(new DataVersion(0, 42, 2));
    }

    // ---- conversions --------------------------------------------------------------------------------

    static TopicStatsTable theirs(io.kitemq.protocol.body.TopicStatsTable ours) {
        TopicStatsTable t = new TopicStatsTable();
        ours.offsetTable().forEach((q, o) -> {
            TopicOffset to = new TopicOffset();
            to.setMinOffset(o.minOffset());
            to.setMaxOffset(o.maxOffset());
            to.setLastUpdateTimestamp(o.lastUpdateTimestamp());
            t.getOffsetTable().put(RocketMqOracle.theirs(q), to);
        });
        t.setTopicPutTps(ours.topicPutTps());
        return t;
    }

    static io.kitemq.protocol.body.TopicStatsTable ours(TopicStatsTable t) {
        Map<QueueRef, io.kitemq.protocol.body.TopicOffset> table = new LinkedHashMap<>();
        for (Map.Entry<MessageQueue, TopicOffset> e : t.getOffsetTable().entrySet()) {
            TopicOffset o = e.getValue();
            table.put(
                    RocketMqOracle.ours(e.getKey()),
                    new io.kitemq.protocol.body.TopicOffset(
                            o.getMinOffset(), o.getMaxOffset(), o.getLastUpdateTimestamp()));
        }
        return new io.kitemq.protocol.body.TopicStatsTable(table, t.getTopicPutTps());
    }

    static ConsumerOffsetSerializeWrapper theirs(io.kitemq.protocol.body.ConsumerOffsetSerializeWrapper ours) {
        ConsumerOffsetSerializeWrapper w = new ConsumerOffsetSerializeWrapper();
        ours.offsetTable().forEach((key, queues) -> {
            ConcurrentMap<Integer, Long> q = new ConcurrentHashMap<>(queues);
            w.getOffsetTable().put(key, q);
        });
        w.setDataVersion(RocketMqOracle.theirs(ours.dataVersion()));
        return w;
    }
}
