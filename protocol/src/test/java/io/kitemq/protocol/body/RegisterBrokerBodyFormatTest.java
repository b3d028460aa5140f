package io.kitemq.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kitemq.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.statictopic.TopicQueueMappingInfo;
import org.junit.jupiter.api.Test;

class RegisterBrokerBodyFormatTest {

    static final DataVersion VERSION = new DataVersion(0, 1_700_000_000_000L, 12);

    @Test
    void readsRocketMqsCompressedBody() throws IOException {
        RegisterBrokerBody ours = body(BodyOracleTest.topicTable(), List.of("127.0.0.1:10990"));

        RegisterBrokerBody decoded =
                RegisterBrokerBodyFormat.decode(RocketMqOracle.theirs(ours).encode(true));

        assertThat(decoded.filterServerList()).isEqualTo(ours.filterServerList());
        assertThat(decoded.topicConfigSerializeWrapper().dataVersion()).isEqualTo(VERSION);
        assertThat(decoded.topicConfigSerializeWrapper().topicConfigTable())
                .isEqualTo(ours.topicConfigSerializeWrapper().topicConfigTable());
        assertThat(decoded.topicConfigSerializeWrapper().topicQueueMappingInfoMap())
                .isEmpty();
    }

    @Test
    void rocketMqReadsOurCompressedBody() throws IOException {
        RegisterBrokerBody ours = body(BodyOracleTest.topicTable(), List.of("a:1", "b:2"));

        var theirs = org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody.decode(
                RegisterBrokerBodyFormat.encode(ours), true, MQVersion.Version.V5_0_0);

        assertThat(RocketMqOracle.ours(theirs.getTopicConfigSerializeWrapper().getDataVersion()))
                .isEqualTo(VERSION);
        assertThat(theirs.getFilterServerList()).containsExactly("a:1", "b:2");
        Map<String, TopicConfig> topics = new LinkedHashMap<>();
        theirs.getTopicConfigSerializeWrapper()
                .getTopicConfigTable()
                .forEach((k, v) -> topics.put(k, RocketMqOracle.ours(v)));
        assertThat(topics).isEqualTo(ours.topicConfigSerializeWrapper().topicConfigTable());

        var old = org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody.decode(
                RegisterBrokerBodyFormat.encode(ours), true, MQVersion.Version.V4_9_4);
        assertThat(old.getTopicConfigSerializeWrapper().getTopicConfigTable()).hasSize(2);
    }

    @Test
    void sameBytesAsRocketMqForOneTopic() {
        RegisterBrokerBody ours = body(
                Map.of(
                        "T",
                        new TopicConfig(
                                "T", 4, 4, 6, TopicFilterType.SINGLE_TAG, 0, false, Map.of("+message.type", "NORMAL"))),
                List.of("x:1"));
        assertThat(RegisterBrokerBodyFormat.encode(ours))
                .isEqualTo(RocketMqOracle.theirs(ours).encode(true));
    }

    @Test
    void theTextFormLosesSysFlagAndOrderOnBothSides() throws IOException {
        RegisterBrokerBody ours = body(
                Map.of("T", new TopicConfig("T", 4, 4, 6, TopicFilterType.MULTI_TAG, 3, true, Map.of())), List.of());
        TopicConfig expected = new TopicConfig("T", 4, 4, 6, TopicFilterType.MULTI_TAG, 0, false, Map.of());

        assertThat(RegisterBrokerBodyFormat.decode(RocketMqOracle.theirs(ours).encode(true))
                        .topicConfigSerializeWrapper()
                        .topicConfigTable())
                .containsExactly(Map.entry("T", expected));
        var theirs = org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody.decode(
                RegisterBrokerBodyFormat.encode(ours), true, MQVersion.Version.V5_0_0);
        assertThat(RocketMqOracle.ours(theirs.getTopicConfigSerializeWrapper()
                        .getTopicConfigTable()
                        .get("T")))
                .isEqualTo(expected);
    }

    @Test
    void staticTopicMappingInfosBothWays() throws IOException {
        TopicQueueMappingInfo info = new TopicQueueMappingInfo("T", 8, "broker-a", 3L);
        info.setCurrIdMap(new ConcurrentHashMap<>(Map.of(0, 4, 1, 5)));
        var theirs = RocketMqOracle.theirs(body(Map.of("T", new TopicConfig("T", 8, 8, 6)), List.of()));
        ((TopicConfigAndMappingSerializeWrapper) theirs.getTopicConfigSerializeWrapper())
                .setTopicQueueMappingInfoMap(Map.of("T", info));

        RegisterBrokerBody ours = RegisterBrokerBodyFormat.decode(theirs.encode(true));

        Map<String, Object> mapping =
                ours.topicConfigSerializeWrapper().topicQueueMappingInfoMap().get("T");
        assertThat(mapping).containsEntry("bname", "broker-a").containsEntry("totalQueues", 8);
        assertThat(mapping.get("currIdMap")).isEqualTo(Map.of("0", 4, "1", 5));

        var back = org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody.decode(
                RegisterBrokerBodyFormat.encode(ours), true, MQVersion.Version.V5_0_0);
        assertThat(back.getTopicConfigSerializeWrapper().getTopicQueueMappingInfoMap())
                .isEqualTo(Map.of("T", info));
    }

    @Test
    void readsA4xBodyWithoutTheMappingPart() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes, new Deflater(9)))) {
            item(out, "{\"counter\":2,\"stateVersion\":0,\"timestamp\":5}");
            out.writeInt(1);
            item(out, "T 8 8 6 SINGLE_TAG ");
            item(out, "[]");
        }

        RegisterBrokerBody body = RegisterBrokerBodyFormat.decode(bytes.toByteArray());

        assertThat(body.topicConfigSerializeWrapper().dataVersion()).isEqualTo(new DataVersion(0, 5, 2));
        assertThat(body.topicConfigSerializeWrapper().topicConfigTable())
                .containsExactly(Map.entry("T", new TopicConfig("T", 8, 8, 6)));
        assertThat(body.topicConfigSerializeWrapper().topicQueueMappingInfoMap())
                .isEmpty();
    }

    @Test
    void brokenStreamsAreProtocolErrors() {
        byte[] valid = RegisterBrokerBodyFormat.encode(body(BodyOracleTest.topicTable(), List.of()));
        assertThatThrownBy(() -> RegisterBrokerBodyFormat.decode(Arrays.copyOf(valid, valid.length / 2)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("Cannot decode compressed RegisterBrokerBody");
        assertThatThrownBy(
                        () -> RegisterBrokerBodyFormat.decode("{\"not\":\"deflate\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("Cannot decode compressed RegisterBrokerBody");
        assertThatThrownBy(() -> RegisterBrokerBodyFormat.decode(new byte[0])).isInstanceOf(ProtocolException.class);
    }

    @Test
    void rejectsOversizedAndNegativeLengths() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            out.writeInt(Integer.MAX_VALUE);
        }
        assertThatThrownBy(() -> RegisterBrokerBodyFormat.decode(bytes.toByteArray()))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("dataVersion length 2147483647 out of range");
    }

    @Test
    void topicConfigTextFormMatchesRocketMq() {
        TopicConfig ours =
                new TopicConfig("T", 8, 4, 6, TopicFilterType.MULTI_TAG, 0, false, Map.of("+message.type", "FIFO"));
        var theirs = RocketMqOracle.theirs(ours);

        assertThat(ours.encodeText())
                .isEqualTo(theirs.encode())
                .isEqualTo("T 8 4 6 MULTI_TAG {\"+message.type\":\"FIFO\"}");
        assertThat(TopicConfig.decodeText(theirs.encode())).isEqualTo(ours);
        var back = new org.apache.rocketmq.common.TopicConfig();
        assertThat(back.decode(ours.encodeText())).isTrue();
        assertThat(RocketMqOracle.ours(back)).isEqualTo(ours);

        var noAttributes = RocketMqOracle.theirs(new TopicConfig("T", 1, 1, 2));
        noAttributes.setAttributes(null);
        assertThat(noAttributes.encode()).isEqualTo("T 1 1 2 SINGLE_TAG ");
        assertThat(TopicConfig.decodeText(noAttributes.encode())).isEqualTo(new TopicConfig("T", 1, 1, 2));
    }

    @Test
    void topicConfigTextEdgeCases() {
        assertThat(TopicConfig.decodeText("T 1 1 6 SINGLE_TAG {\"k\":\"a b\"}").attributes())
                .as("RocketMQ would drop these attributes; the JSON after the fifth part is read whole")
                .containsExactly(Map.entry("k", "a b"));
        assertThat(TopicConfig.decodeText("T 1 1 6 SINGLE_TAG {broken").attributes())
                .isEmpty();
        assertThatThrownBy(() -> TopicConfig.decodeText("T 1 1 6"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("at least 5");
        assertThatThrownBy(() -> TopicConfig.decodeText("T x 1 6 SINGLE_TAG"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("T x 1 6 SINGLE_TAG");
        assertThatThrownBy(() -> TopicConfig.decodeText("T 1 1 6 NO_SUCH_TYPE")).isInstanceOf(ProtocolException.class);
    }

    private static RegisterBrokerBody body(Map<String, TopicConfig> topics, List<String> filterServers) {
        return new RegisterBrokerBody(
                new TopicConfigSerializeWrapper(topics, VERSION, null, null, null), filterServers);
    }

    private static void item(DataOutputStream out, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
