package io.kitemq.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kitemq.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §11's worked byte example in both header forms, and malformed input. */
class CommandCodecTest {

    private static RemotingCommand routeRequest(SerializeType type) {
        return RemotingCommand.request(105)
                .version(479)
                .opaque(1)
                .serializeType(type)
                .extField("topic", "T");
    }

    @Test
    void binaryFormMatchesTheWorkedExampleByteForByte() {
        ByteBuffer frame = CommandCodec.encode(routeRequest(SerializeType.ROCKETMQ));
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        assertThat(HexFormat.of().withUpperCase().formatHex(bytes))
                .isEqualTo("00000025" + "01000021" + "0069" + "00" + "01DF" + "00000001" + "00000000" + "00000000"
                        + "0000000C" + "0005746F706963" + "0000000154");
    }

    @Test
    void binaryWorkedExampleDecodes() {
        byte[] bytes = HexFormat.of()
                .parseHex("01000021" + "0069" + "00" + "01DF" + "00000001" + "00000000" + "00000000" + "0000000C"
                        + "0005746F706963" + "0000000154");
        RemotingCommand cmd = CommandCodec.decode(ByteBuffer.wrap(bytes));
        assertThat(cmd.code()).isEqualTo(105);
        assertThat(cmd.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(cmd.version()).isEqualTo(479);
        assertThat(cmd.opaque()).isEqualTo(1);
        assertThat(cmd.flag()).isZero();
        assertThat(cmd.remark()).isNull();
        assertThat(cmd.extFields()).containsExactly(java.util.Map.entry("topic", "T"));
        assertThat(cmd.serializeType()).isEqualTo(SerializeType.ROCKETMQ);
        assertThat(cmd.hasBody()).isFalse();
    }

    @Test
    void jsonFormOfTheWorkedExample() {
        ByteBuffer frame = CommandCodec.encode(routeRequest(SerializeType.JSON));
        int total = frame.getInt();
        int word = frame.getInt();
        assertThat(word >>> 24).isZero();
        int headerLen = word & 0xFFFFFF;
        assertThat(total).isEqualTo(4 + headerLen);
        byte[] header = new byte[headerLen];
        frame.get(header);
        String json = new String(header, StandardCharsets.UTF_8);
        assertThat(json)
                .contains(
                        "\"code\":105",
                        "\"language\":\"JAVA\"",
                        "\"version\":479",
                        "\"opaque\":1",
                        "\"flag\":0",
                        "\"extFields\":{\"topic\":\"T\"}",
                        "\"serializeTypeCurrentRPC\":\"JSON\"")
                .doesNotContain("remark");

        String other =
                "{ \"version\":479, \"opaque\":1, \"flag\":0, \"language\":\"JAVA\", \"extFields\":{\"topic\":\"T\"},"
                        + " \"code\":105, \"serializeTypeCurrentRPC\":\"JSON\", \"unknown\":[1,{\"a\":2}] }";
        byte[] o = other.getBytes(StandardCharsets.UTF_8);
        RemotingCommand cmd = CommandCodec.decode(
                ByteBuffer.allocate(4 + o.length).putInt(o.length).put(o).flip());
        assertThat(cmd.code()).isEqualTo(105);
        assertThat(cmd.version()).isEqualTo(479);
        assertThat(cmd.extField("topic")).isEqualTo("T");
        assertThat(cmd.serializeType()).isEqualTo(SerializeType.JSON);
    }

    @Test
    void responseFlagAndOneway() {
        RemotingCommand req = RemotingCommand.request(11).opaque(7).markOneway();
        assertThat(req.isOneway()).isTrue();
        assertThat(req.isResponse()).isFalse();
        RemotingCommand resp = RemotingCommand.response(17, "no topic").respondingTo(req);
        assertThat(resp.isResponse()).isTrue();
        assertThat(resp.opaque()).isEqualTo(7);
        RemotingCommand back = roundTrip(resp);
        assertThat(back.isResponse()).isTrue();
        assertThat(back.remark()).isEqualTo("no topic");
    }

    @Test
    void bufferBodiesAreConcatenated() {
        RemotingCommand cmd = RemotingCommand.request(1)
                .bodyBuffers(
                        ByteBuffer.wrap(new byte[] {1, 2}),
                        ByteBuffer.allocateDirect(2).put((byte) 3).put((byte) 4).flip());
        assertThat(cmd.bodyLength()).isEqualTo(4);
        assertThat(roundTrip(cmd).body()).containsExactly(1, 2, 3, 4);
    }

    private static RemotingCommand roundTrip(RemotingCommand cmd) {
        ByteBuffer frame = CommandCodec.encode(cmd);
        frame.getInt();
        return CommandCodec.decode(frame);
    }

    @Test
    void malformedInputIsAProtocolException() {
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.wrap(new byte[] {0, 0})))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.allocate(8)
                        .putInt(0x05000002)
                        .put((byte) '{')
                        .put((byte) '}')
                        .flip()))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("serialize type 5");
        assertThatThrownBy(() -> CommandCodec.decode(
                        ByteBuffer.allocate(8).putInt(100).putInt(0).flip()))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("exceeds the frame");
        byte[] broken = "{\"code\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.allocate(4 + broken.length)
                        .putInt(broken.length)
                        .put(broken)
                        .flip()))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("code");
        byte[] truncated = "{\"code\":1,".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CommandCodec.decode(ByteBuffer.allocate(4 + truncated.length)
                        .putInt(truncated.length)
                        .put(truncated)
                        .flip()))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("malformed JSON header");
        ByteBuffer binary = ByteBuffer.allocate(4 + 21).putInt(0x01000015);
        binary.putShort((short) 1)
                .put((byte) 0)
                .putShort((short) 1)
                .putInt(1)
                .putInt(0)
                .putInt(0)
                .putInt(-3);
        assertThatThrownBy(() -> CommandCodec.decode(binary.flip()))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("extFields length -3");
    }
}
