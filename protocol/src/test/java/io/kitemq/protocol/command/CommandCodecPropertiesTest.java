package io.kitemq.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any command survives encode then decode, in both header serializations. */
class CommandCodecPropertiesTest {

    @Provide
    Arbitrary<RemotingCommand> commands() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<Map<String, String>> ext = Arbitraries.maps(
                        Arbitraries.strings().ofMinLength(1).ofMaxLength(12), text)
                .ofMaxSize(8);
        return Combinators.combine(
                        Arbitraries.integers().between(0, Short.MAX_VALUE),
                        Arbitraries.of(LanguageCode.class),
                        Arbitraries.integers().between(0, Short.MAX_VALUE),
                        Arbitraries.integers(),
                        Arbitraries.integers().between(0, 3),
                        text.injectNull(0.3),
                        ext,
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
                .as((code, lang, version, opaque, flag, remark, fields, body) -> RemotingCommand.request(code)
                        .language(lang)
                        .version(version)
                        .opaque(opaque)
                        .flag(flag)
                        .remark(remark)
                        .extFields(fields.isEmpty() ? null : new java.util.HashMap<>(fields))
                        .body(body));
    }

    @Property(tries = 300)
    void roundTripsInBothForms(@ForAll("commands") RemotingCommand cmd, @ForAll SerializeType type) {
        cmd.serializeType(type);
        ByteBuffer frame = CommandCodec.encode(cmd);
        assertThat(frame.getInt()).isEqualTo(frame.remaining());
        RemotingCommand back = CommandCodec.decode(frame);
        assertThat(back.code()).isEqualTo(cmd.code());
        assertThat(back.language()).isEqualTo(cmd.language());
        assertThat(back.version()).isEqualTo(cmd.version());
        assertThat(back.opaque()).isEqualTo(cmd.opaque());
        assertThat(back.flag()).isEqualTo(cmd.flag());
        assertThat(back.remark())
                .isEqualTo(type == SerializeType.ROCKETMQ && "".equals(cmd.remark()) ? null : cmd.remark());
        assertThat(back.hasExtFields() ? back.extFields() : Map.of())
                .isEqualTo(cmd.hasExtFields() ? cmd.extFields() : Map.of());
        assertThat(back.body()).isEqualTo(cmd.body());
        assertThat(back.serializeType()).isEqualTo(type);
    }
}
