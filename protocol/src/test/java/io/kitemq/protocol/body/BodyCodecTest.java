package io.kitemq.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kitemq.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.remoting.protocol.statictopic.TopicQueueMappingInfo;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

class BodyCodecTest {

    /** What a 4.x NameServer answers a client older than V4_9_4: fastjson output, bare broker-id keys. */
    static final String OLD_STYLE_ROUTE =
            "{\"brokerDatas\":[{\"brokerAddrs\":{0:\"192.168.0.1:10911\",1:\"192.168.0.2:10911\"},"
                    + "\"brokerName\":\"broker-a\",\"cluster\":\"DefaultCluster\"},"
                    + "{\"brokerAddrs\":{1:\"192.168.0.4:10911\"},\"brokerName\":\"broker-b\",\"cluster\":\"DefaultCluster\"}],"
                    + "\"filterServerTable\":{},\"queueDatas\":[{\"brokerName\":\"broker-a\",\"perm\":6,\"readQueueNums\":4,"
                    + "\"topicSynFlag\":2,\"writeQueueNums\":4}]}";

    @Test
    void readsOldStyleRouteWithBareNumericKeys() {
        TopicRouteData route = decode(OLD_STYLE_ROUTE, TopicRouteData.class);

        assertThat(route.orderTopicConf()).isNull();
        assertThat(route.queueDatas())
                .as("4.x's topicSynFlag read as topicSysFlag")
                .containsExactly(new QueueData("broker-a", 4, 4, 6, 2));
        BrokerData a = route.brokerDatas().get(0);
        assertThat(a.brokerAddrs())
                .containsExactly(Map.entry(0L, "192.168.0.1:10911"), Map.entry(1L, "192.168.0.2:10911"));
        assertThat(a.selectBrokerAddr()).isEqualTo("192.168.0.1:10911");
        assertThat(route.brokerDatas().get(1).selectBrokerAddr())
                .as("no master: lowest slave")
                .isEqualTo("192.168.0.4:10911");
        assertThat(route.topicQueueMappingByBroker()).isNull();
        assertThat(new String(BodyCodec.encode(route), StandardCharsets.UTF_8))
                .doesNotContain("topicQueueMappingByBroker", "orderTopicConf", "zoneName")
                .contains("\"brokerAddrs\":{\"0\":\"192.168.0.1:10911\",\"1\":\"192.168.0.2:10911\"}");
    }

    @Test
    void brokerAddrsAreSortedById() {
        BrokerData b = new BrokerData("c", "b", BodyOracleTest.addrs(9L, "x:9", 2L, "x:2", 0L, "x:0"));
        assertThat(b.brokerAddrs().keySet()).containsExactly(0L, 2L, 9L);
        assertThat(new BrokerData("c", "b", null).selectBrokerAddr()).isNull();
    }

    @Test
    void keepsStaticTopicMappingsOpaque() {
        TopicQueueMappingInfo info = new TopicQueueMappingInfo("T", 4, "broker-a", 7L);
        ConcurrentHashMap<Integer, Integer> ids = new ConcurrentHashMap<>(Map.of(0, 10, 1, 11));
        info.setCurrIdMap(ids);
        var theirs = new org.apache.rocketmq.remoting.protocol.route.TopicRouteData();
        theirs.setQueueDatas(List.of());
        theirs.setBrokerDatas(List.of());
        theirs.setTopicQueueMappingByBroker(Map.of("broker-a", info));

        TopicRouteData ours = BodyCodec.decode(theirs.encode(), TopicRouteData.class);

        Map<String, Object> mapping = ours.topicQueueMappingByBroker().get("broker-a");
        assertThat(mapping)
                .containsEntry("topic", "T")
                .containsEntry("bname", "broker-a")
                .containsEntry("totalQueues", 4)
                .containsEntry("epoch", 7);
        assertThat(mapping.get("currIdMap")).isEqualTo(Map.of("0", 10, "1", 11));
        var back = org.apache.rocketmq.remoting.protocol.route.TopicRouteData.decode(
                BodyCodec.encode(ours), org.apache.rocketmq.remoting.protocol.route.TopicRouteData.class);
        assertThat(back.getTopicQueueMappingByBroker()).isEqualTo(Map.of("broker-a", info));
        assertThat(back.getTopicQueueMappingByBroker().get("broker-a").getCurrIdMap())
                .isEqualTo(ids);
    }

    @Test
    void ignoresUnknownPropertiesAndDefaultsMissingOnes() {
        HeartbeatData h = decode(
                "{\"clientID\":\"c\",\"newIn6x\":{\"a\":[1,2]},\"consumerDataSet\":[{\"groupName\":\"g\"}]}",
                HeartbeatData.class);
        assertThat(h)
                .isEqualTo(new HeartbeatData(
                        "c", null, java.util.Set.of(new ConsumerData("g", null, null, null, null, false)), 0, false));
        assertThat(h.producerDataSet()).isEmpty();

        assertThat(decode("{\"topicName\":\"T\"}", TopicConfig.class))
                .as("RocketMQ's TopicConfig defaults")
                .isEqualTo(new TopicConfig("T", 16, 16, 6, TopicFilterType.SINGLE_TAG, 0, false, Map.of()));
        assertThat(decode("{\"topic\":\"T\"}", SubscriptionData.class).expressionType())
                .isEqualTo("TAG");
        assertThat(decode("{}", RegisterBrokerBody.class)
                        .topicConfigSerializeWrapper()
                        .dataVersion())
                .isEqualTo(DataVersion.ZERO);
        assertThat(decode("{\"isWithoutSub\":true}", HeartbeatData.class).withoutSub())
                .isTrue();
    }

    @Test
    void readsUnknownEnumNamesAsNullInsteadOfFailingTheHeartbeat() {
        HeartbeatData h = decode(
                "{\"clientID\":\"c\",\"consumerDataSet\":[{\"groupName\":\"g\","
                        + "\"consumeType\":\"CONSUME_TELEPATHICALLY\",\"messageModel\":\"CLUSTERING\","
                        + "\"consumeFromWhere\":\"CONSUME_FROM_THE_FUTURE\"}]}",
                HeartbeatData.class);
        ConsumerData c = h.consumerDataSet().iterator().next();
        assertThat(c.consumeType()).isNull();
        assertThat(c.consumeFromWhere()).isNull();
        assertThat(c.messageModel()).isEqualTo(MessageModel.CLUSTERING);
        assertThat(decode("{\"topicFilterType\":\"NEW\"}", TopicConfig.class).topicFilterType())
                .isEqualTo(TopicFilterType.SINGLE_TAG);
    }

    @Test
    void malformedJsonNamesTheBodyType() {
        assertThatThrownBy(() -> decode("{\"queueDatas\":[{\"brokerName\":\"b\",", TopicRouteData.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("Cannot decode TopicRouteData body: ");
        assertThatThrownBy(() -> decode("{\"heartbeatFingerprint\":\"not a number\"}", HeartbeatData.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("HeartbeatData")
                .hasMessageContaining("heartbeatFingerprint");
        assertThatThrownBy(() -> decode("[1,2]", ClusterInfo.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("Cannot decode ClusterInfo body: ");
        assertThatThrownBy(() -> decode("{} trailing", KVTable.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("Cannot decode KVTable body: ");
        assertThatThrownBy(() -> decode("null", KVTable.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("Cannot decode KVTable body: it is JSON null");
        assertThatThrownBy(() -> BodyCodec.decode(new byte[0], TopicList.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("Cannot decode TopicList body: the body is empty");
        assertThatThrownBy(() -> decode("{\"offsetTable\":{{\"topic\":1:2}}", ResetOffsetBody.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("Cannot decode ResetOffsetBody body: ");
    }

    @Test
    void decodesGenericTypes() {
        assertThat(BodyCodec.decode(
                        "[\"a\",\"b\"]".getBytes(StandardCharsets.UTF_8), new TypeReference<List<String>>() {}))
                .containsExactly("a", "b");
        assertThatThrownBy(() ->
                        BodyCodec.decode("[".getBytes(StandardCharsets.UTF_8), new TypeReference<List<String>>() {}))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("Cannot decode java.util.List<java.lang.String> body: ");
    }

    @Test
    void queueKeysAcceptBareAndQuotedObjects() {
        ResetOffsetBody expected = new ResetOffsetBody(Map.of(new QueueRef("T", "b", 1), 5L));
        assertThat(decode(
                        "{\"offsetTable\":{{\"brokerName\":\"b\",\"queueId\":1,\"topic\":\"T\"}:5}}",
                        ResetOffsetBody.class))
                .isEqualTo(expected);
        assertThat(decode(
                        "{\"offsetTable\":{\"{\\\"topic\\\":\\\"T\\\",\\\"brokerName\\\":\\\"b\\\",\\\"queueId\\\":1}\":5}}",
                        ResetOffsetBody.class))
                .isEqualTo(expected);
        assertThat(new String(BodyCodec.encode(expected), StandardCharsets.UTF_8))
                .isEqualTo("{\"offsetTable\":{{\"brokerName\":\"b\",\"queueId\":1,\"topic\":\"T\"}:5}}");
        assertThat(new String(BodyCodec.encode(new ResetOffsetBody(null)), StandardCharsets.UTF_8))
                .isEqualTo("{\"offsetTable\":{}}");
    }

    @Test
    void dataVersionNextBumpsCounterAndTimestamp() {
        DataVersion v = DataVersion.startingAt(1000).next(2000).next(3000);
        assertThat(v).isEqualTo(new DataVersion(0, 3000, 2));
        assertThat(new DataVersion(5, 0, 0).next(1).stateVersion()).isEqualTo(5);
    }

    @Test
    void collectionsAreNeverNullAndUnmodifiable() {
        TopicRouteData route = new TopicRouteData(null, null);
        assertThat(route.queueDatas()).isEmpty();
        assertThat(route.filterServerTable()).isEmpty();
        assertThatThrownBy(() -> new KVTable(Map.of("a", "b")).table().put("c", "d"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(new TopicList(new HashSet<>(Arrays.asList("a", null))).topicList())
                .containsExactly("a");
    }

    private static <T> T decode(String json, Class<T> type) {
        return BodyCodec.decode(json.getBytes(StandardCharsets.UTF_8), type);
    }
}
