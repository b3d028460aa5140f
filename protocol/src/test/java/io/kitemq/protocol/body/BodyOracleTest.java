package io.kitemq.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.junit.jupiter.api.Test;

/**
 * Every body both ways against RocketMQ 5.5.0: their object serialized by their fastjson code and read by
 * {@link BodyCodec}, and ours written by {@link BodyCodec} and read by their {@code RemotingSerializable}.
 */
class BodyOracleTest {

    /** Characters that need escaping, multi-byte UTF-8, and a supplementary character. */
    static final String TRICKY = "q\"uo\\te {a:1} ,[x]: é中\uD83D\uDE00\t";

    /**
     * As a map key, no supplementary character after an escape: fastjson2 2.0.59 cannot read such a key,
     * not even one it wrote itself ("malformed input").
     */
    static final String TRICKY_KEY = "q\"uo\\te {a:1} ,[x]: é中\t";

    static final QueueRef Q0 = new QueueRef("TopicA", "broker-a", 0);
    static final QueueRef Q1 = new QueueRef(TRICKY, "broker-b", 7);

    @Test
    void topicRouteData() {
        TopicRouteData ours = new TopicRouteData(
                "broker-a:4;broker-b:4",
                List.of(new QueueData("broker-a", 4, 4, 6, 0), new QueueData("broker-b", 8, 2, 4, 3)),
                List.of(
                        new BrokerData(
                                "DefaultCluster",
                                "broker-a",
                                addrs(0L, "127.0.0.1:10911", 1L, "127.0.0.1:10921"),
                                "zone-1",
                                true),
                        new BrokerData("DefaultCluster", "broker-b", addrs(2L, "10.0.0.2:10911"), null, false)),
                Map.of("127.0.0.1:10911", List.of("127.0.0.1:10990")),
                null);
        assertBothWays(
                ours,
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                TopicRouteData.class,
                org.apache.rocketmq.remoting.protocol.route.TopicRouteData.class);
        assertThat(new String(RemotingSerializable.encode(RocketMqOracle.theirs(ours)), StandardCharsets.UTF_8))
                .as("RocketMQ writes bare numeric keys")
                .contains("{0:\"127.0.0.1:10911\",1:\"127.0.0.1:10921\"}");
        assertThat(new String(BodyCodec.encode(ours), StandardCharsets.UTF_8))
                .contains("{\"0\":\"127.0.0.1:10911\",\"1\":\"127.0.0.1:10921\"}");
    }

    @Test
    void topicRouteDataPrettyPrintedByRocketMq() {
        var theirs = RocketMqOracle.theirs(new TopicRouteData(
                List.of(new QueueData("b", 1, 1, 6, 0)), List.of(new BrokerData("c", "b", addrs(0L, "h:1")))));
        byte[] pretty = theirs.toJson(true).getBytes(StandardCharsets.UTF_8);
        assertThat(BodyCodec.decode(pretty, TopicRouteData.class)).isEqualTo(RocketMqOracle.ours(theirs));
    }

    @Test
    void clusterInfo() {
        ClusterInfo ours = new ClusterInfo(
                Map.of("broker-a", new BrokerData("c1", "broker-a", addrs(0L, "127.0.0.1:10911", 3L, "x:1"))),
                Map.of("c1", Set.of("broker-a", "broker-b"), "c2", Set.of()));
        assertBothWays(
                ours,
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                ClusterInfo.class,
                org.apache.rocketmq.remoting.protocol.body.ClusterInfo.class);
    }

    @Test
    void dataVersion() {
        DataVersion ours = new DataVersion(3, 1_700_000_000_123L, 42);
        assertBothWays(
                ours,
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                DataVersion.class,
                org.apache.rocketmq.remoting.protocol.DataVersion.class);
    }

    @Test
    void topicConfig() {
        TopicConfig ours = new TopicConfig(
                "TopicA", 8, 4, 6, TopicFilterType.MULTI_TAG, 3, true, Map.of("+message.type", "FIFO", "k", TRICKY));
        assertBothWays(
                ours,
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                TopicConfig.class,
                org.apache.rocketmq.common.TopicConfig.class);
    }

    @Test
    void topicConfigSerializeWrapper() {
        TopicConfigSerializeWrapper ours =
                new TopicConfigSerializeWrapper(topicTable(), new DataVersion(0, 1_700_000_000_000L, 5));
        assertBothWays(
                ours,
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                TopicConfigSerializeWrapper.class,
                org.apache.rocketmq.remoting.protocol.body.TopicConfigSerializeWrapper.class);
    }

    @Test
    void registerBrokerBodyAsJson() {
        RegisterBrokerBody ours = new RegisterBrokerBody(
                new TopicConfigSerializeWrapper(
                        topicTable(),
                        new DataVersion(0, 1_700_000_000_000L, 5),
                        null,
                        null,
                        new DataVersion(0, 1_700_000_000_001L, 1)),
                List.of("127.0.0.1:10990"));
        assertBothWays(
                ours,
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                RegisterBrokerBody.class,
                org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody.class);
    }

    @Test
    void heartbeatData() {
        assertBothWays(
                heartbeat(),
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                HeartbeatData.class,
                org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData.class);
    }

    @Test
    void consumerConnection() {
        ConsumerConnection ours = new ConsumerConnection(
                Set.of(
                        new Connection("10.0.0.1@123#456", "10.0.0.1:53000", "JAVA", 479),
                        new Connection("10.0.0.2@9", "10.0.0.2:1", "GO", 0)),
                Map.of("TopicA", subscription("TopicA", "a || b", 17L), "%RETRY%g", subscription("%RETRY%g", "*", 18L)),
                ConsumeType.CONSUME_PASSIVELY,
                MessageModel.BROADCASTING,
                ConsumeFromWhere.CONSUME_FROM_TIMESTAMP);
        assertBothWays(
                ours,
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                ConsumerConnection.class,
                org.apache.rocketmq.remoting.protocol.body.ConsumerConnection.class);
    }

    @Test
    void consumerListByGroup() {
        GetConsumerListByGroupResponseBody ours =
                new GetConsumerListByGroupResponseBody(List.of("10.0.0.1@1", "10.0.0.2@2", TRICKY));
        assertBothWays(
                ours,
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                GetConsumerListByGroupResponseBody.class,
                org.apache.rocketmq.remoting.protocol.header.GetConsumerListByGroupResponseBody.class);
    }

    @Test
    void lockAndUnlockBatch() {
        LockBatchRequestBody lock = new LockBatchRequestBody("g", "10.0.0.1@1", true, Set.of(Q0, Q1));
        assertBothWays(
                lock,
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                LockBatchRequestBody.class,
                org.apache.rocketmq.remoting.protocol.body.LockBatchRequestBody.class);
        LockBatchResponseBody locked = new LockBatchResponseBody(Set.of(Q1));
        assertBothWays(
                locked,
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                LockBatchResponseBody.class,
                org.apache.rocketmq.remoting.protocol.body.LockBatchResponseBody.class);
        UnlockBatchRequestBody unlock = new UnlockBatchRequestBody("g", "c", false, Set.of(Q0));
        assertBothWays(
                unlock,
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                UnlockBatchRequestBody.class,
                org.apache.rocketmq.remoting.protocol.body.UnlockBatchRequestBody.class);
    }

    @Test
    void topicListAndKvTable() {
        assertBothWays(
                new TopicList(Set.of("A", "B", TRICKY), "127.0.0.1:10911"),
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                TopicList.class,
                org.apache.rocketmq.remoting.protocol.body.TopicList.class);
        assertBothWays(
                new TopicList(Set.of("A")),
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                TopicList.class,
                org.apache.rocketmq.remoting.protocol.body.TopicList.class);
        assertBothWays(
                new KVTable(Map.of("k", TRICKY, TRICKY_KEY, "")),
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                KVTable.class,
                org.apache.rocketmq.remoting.protocol.body.KVTable.class);
    }

    @Test
    void consumeStatsWithQueueKeys() {
        Map<QueueRef, OffsetWrapper> table = new LinkedHashMap<>();
        table.put(Q0, new OffsetWrapper(100, 90, 95, 1_700_000_000_000L));
        table.put(Q1, new OffsetWrapper(5, 5, 0, 0));
        ConsumeStats ours = new ConsumeStats(table, 12.5);
        assertBothWays(
                ours,
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                ConsumeStats.class,
                org.apache.rocketmq.remoting.protocol.admin.ConsumeStats.class);
        assertThat(ours.computeTotalDiff()).isEqualTo(10);
    }

    @Test
    void resetOffsetBodyWithQueueKeys() {
        Map<QueueRef, Long> table = new LinkedHashMap<>();
        table.put(Q0, 42L);
        table.put(Q1, -1L);
        ResetOffsetBody ours = new ResetOffsetBody(table);
        assertBothWays(
                ours,
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                ResetOffsetBody.class,
                org.apache.rocketmq.remoting.protocol.body.ResetOffsetBody.class);
        assertThat(new String(RemotingSerializable.encode(RocketMqOracle.theirs(ours)), StandardCharsets.UTF_8))
                .as("RocketMQ writes a MessageQueue key as a bare object")
                .startsWith("{\"offsetTable\":{{");
    }

    @Test
    void consumeStatsPrettyPrintedByRocketMq() {
        ConsumeStats ours = new ConsumeStats(Map.of(Q1, new OffsetWrapper(1, 2, 3, 4)), 0);
        byte[] pretty = RocketMqOracle.theirs(ours).toJson(true).getBytes(StandardCharsets.UTF_8);
        assertThat(BodyCodec.decode(pretty, ConsumeStats.class)).isEqualTo(ours);
    }

    // ---- fixtures -----------------------------------------------------------------------------------

    static <O, T> void assertBothWays(
            O ours, Function<O, T> toTheirs, Function<T, O> toOurs, Class<O> ourType, Class<T> theirType) {
        byte[] theirJson = RemotingSerializable.encode(toTheirs.apply(ours));
        assertThat(BodyCodec.decode(theirJson, ourType))
                .as("ours decoding RocketMQ's %s", new String(theirJson, StandardCharsets.UTF_8))
                .isEqualTo(ours);
        byte[] ourJson = BodyCodec.encode(ours);
        assertThat(toOurs.apply(RemotingSerializable.decode(ourJson, theirType)))
                .as("RocketMQ decoding our %s", new String(ourJson, StandardCharsets.UTF_8))
                .isEqualTo(ours);
    }

    static Map<Long, String> addrs(Object... idAddrPairs) {
        Map<Long, String> m = new LinkedHashMap<>();
        for (int i = 0; i < idAddrPairs.length; i += 2) {
            m.put((Long) idAddrPairs[i], (String) idAddrPairs[i + 1]);
        }
        return m;
    }

    static Map<String, TopicConfig> topicTable() {
        Map<String, TopicConfig> table = new LinkedHashMap<>();
        table.put("TopicA", new TopicConfig("TopicA", 8, 8, 6));
        table.put(
                "TopicB",
                new TopicConfig(
                        "TopicB", 4, 2, 2, TopicFilterType.SINGLE_TAG, 0, false, Map.of("+message.type", "NORMAL")));
        return table;
    }

    static SubscriptionData subscription(String topic, String expression, long version) {
        Set<String> tags = new LinkedHashSet<>();
        Set<Integer> codes = new LinkedHashSet<>();
        if (!SubscriptionData.SUB_ALL.equals(expression)) {
            for (String tag : expression.split("\\|\\|")) {
                tags.add(tag.trim());
                codes.add(tag.trim().hashCode());
            }
        }
        return new SubscriptionData(topic, expression, tags, codes, version, SubscriptionData.EXPRESSION_TAG, false);
    }

    static HeartbeatData heartbeat() {
        ConsumerData push = new ConsumerData(
                "cg-push",
                ConsumeType.CONSUME_PASSIVELY,
                MessageModel.CLUSTERING,
                ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
                Set.of(subscription("TopicA", "a || b", 1_700_000_000_000L), subscription("%RETRY%cg-push", "*", 1L)),
                false);
        ConsumerData pop = new ConsumerData(
                "cg-pop",
                ConsumeType.CONSUME_POP,
                MessageModel.CLUSTERING,
                ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
                Set.of(new SubscriptionData(
                        "TopicB", "a > 1", Set.of(), Set.of(), 2L, SubscriptionData.EXPRESSION_SQL92, false)),
                true);
        return new HeartbeatData(
                "10.0.0.1@12345#9876",
                Set.of(new ProducerData("pg"), new ProducerData("CLIENT_INNER_PRODUCER")),
                Set.of(push, pop),
                -123456,
                true);
    }
}
