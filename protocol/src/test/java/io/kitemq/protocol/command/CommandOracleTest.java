package io.kitemq.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Cross-checks our frame and header codecs against the official {@code rocketmq-remoting} 5.x
 * implementation (test scope only): theirs encodes, ours decodes, and the reverse; binary headers
 * byte for byte.
 */
class CommandOracleTest {

    record Fields(
            int code,
            int lang,
            int version,
            int opaque,
            int flag,
            String remark,
            Map<String, String> ext,
            byte[] body) {}

    @Provide
    Arbitrary<Fields> fields() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(30);
        return Combinators.combine(
                        Arbitraries.integers().between(0, Short.MAX_VALUE),
                        Arbitraries.integers().between(0, 13),
                        Arbitraries.integers().between(0, Short.MAX_VALUE),
                        Arbitraries.integers(),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.strings().ofMinLength(1).ofMaxLength(30).injectNull(0.3),
                        Arbitraries.maps(
                                        Arbitraries.strings()
                                                .alpha()
                                                .ofMinLength(1)
                                                .ofMaxLength(10),
                                        text)
                                .ofMaxSize(6),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as(Fields::new);
    }

    private static org.apache.rocketmq.remoting.protocol.RemotingCommand theirs(Fields f, SerializeType type) {
        var cmd = org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(f.code, null);
        cmd.setLanguage(org.apache.rocketmq.remoting.protocol.LanguageCode.valueOf((byte) f.lang));
        cmd.setVersion(f.version);
        cmd.setOpaque(f.opaque);
        cmd.setFlag(f.flag);
        cmd.setRemark(f.remark);
        cmd.setExtFields(f.ext.isEmpty() ? null : new HashMap<>(f.ext));
        cmd.setBody(f.body.length == 0 ? null : f.body);
        cmd.setSerializeTypeCurrentRPC(
                type == SerializeType.ROCKETMQ
                        ? org.apache.rocketmq.remoting.protocol.SerializeType.ROCKETMQ
                        : org.apache.rocketmq.remoting.protocol.SerializeType.JSON);
        return cmd;
    }

    private static RemotingCommand ours(Fields f, SerializeType type) {
        return RemotingCommand.request(f.code)
                .language(LanguageCode.fromCode((byte) f.lang))
                .version(f.version)
                .opaque(f.opaque)
                .flag(f.flag)
                .remark(f.remark)
                .extFields(f.ext.isEmpty() ? null : new HashMap<>(f.ext))
                .body(f.body)
                .serializeType(type);
    }

    @Property(tries = 200)
    void theirEncodingDecodesWithOurs(@ForAll("fields") Fields f, @ForAll SerializeType type) {
        ByteBuffer frame = theirs(f, type).encode();
        frame.getInt();
        RemotingCommand back = CommandCodec.decode(frame);
        assertThat(back.code()).isEqualTo(f.code);
        assertThat(back.language().code()).isEqualTo((byte) f.lang);
        assertThat(back.version()).isEqualTo(f.version);
        assertThat(back.opaque()).isEqualTo(f.opaque);
        assertThat(back.flag()).isEqualTo(f.flag);
        assertThat(back.remark()).isEqualTo(f.remark);
        assertThat(back.hasExtFields() ? back.extFields() : Map.of()).isEqualTo(f.ext);
        assertThat(back.body()).isEqualTo(f.body);
    }

    @Property(tries = 200)
    void ourEncodingDecodesWithTheirs(@ForAll("fields") Fields f, @ForAll SerializeType type) throws Exception {
        ByteBuffer frame = CommandCodec.encode(ours(f, type));
        frame.getInt();
        var back = org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(frame);
        assertThat(back.getCode()).isEqualTo(f.code);
        assertThat(back.getLanguage().getCode()).isEqualTo((byte) f.lang);
        assertThat(back.getVersion()).isEqualTo(f.version);
        assertThat(back.getOpaque()).isEqualTo(f.opaque);
        assertThat(back.getFlag()).isEqualTo(f.flag);
        assertThat(back.getRemark()).isEqualTo(f.remark);
        // their binary map decoder reads an empty value as null; the bytes we sent carry ""
        Map<String, String> expected = new HashMap<>(f.ext);
        if (type == SerializeType.ROCKETMQ) {
            expected.replaceAll((k, v) -> v.isEmpty() ? null : v);
        }
        assertThat(back.getExtFields() == null ? Map.of() : back.getExtFields()).isEqualTo(expected);
        assertThat(back.getBody() == null ? new byte[0] : back.getBody()).isEqualTo(f.body);
    }

    @Property(tries = 200)
    void binaryHeadersAreByteForByteEqual(@ForAll("fields") Fields f) {
        byte[] theirs = org.apache.rocketmq.remoting.protocol.RocketMQSerializable.rocketMQProtocolEncode(
                theirs(f, SerializeType.ROCKETMQ));
        byte[] ours = CommandCodec.encodeHeader(ours(f, SerializeType.ROCKETMQ));
        assertThat(ours).isEqualTo(theirs);
    }
}
