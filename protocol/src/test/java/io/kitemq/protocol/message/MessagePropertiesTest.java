package io.kitemq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kitemq.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.junit.jupiter.api.Test;

/** Properties text: round trips and exact agreement with RocketMQ 5.5's encoder and decoder. */
class MessagePropertiesTest {

    @Provide
    Arbitrary<Map<String, String>> properties() {
        return MessageArbitraries.properties();
    }

    /** Text made of separators, empty pieces and multi-byte characters: the decoder's edge cases. */
    @Provide
    Arbitrary<String> awkwardText() {
        return Arbitraries.strings()
                .withChars('a', 'b', '\u0001', '\u0002', 'é', '中')
                .ofMaxLength(30);
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(60);
    }

    @Property(tries = 400)
    void roundTripsInOrder(@ForAll("properties") Map<String, String> properties) {
        String text = MessageProperties.encode(properties);
        byte[] bytes = MessageProperties.toBytes(properties);

        assertThat(bytes).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        assertThat(MessageProperties.encodedLength(properties)).isEqualTo(bytes.length);
        assertThat(MessageProperties.decode(text)).containsExactlyEntriesOf(properties);
        assertThat(MessageProperties.decode(ByteBuffer.wrap(bytes), 0, bytes.length))
                .containsExactlyEntriesOf(properties);
    }

    @Property(tries = 400)
    void encodesLikeRocketMq(@ForAll("properties") Map<String, String> properties) {
        assertThat(MessageProperties.encode(properties)).isEqualTo(MessageDecoder.messageProperties2String(properties));
    }

    @Property(tries = 400)
    void decodesAnyTextLikeRocketMq(@ForAll("awkwardText") String text) {
        Map<String, String> theirs = MessageDecoder.string2messageProperties(text);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

        assertThat(MessageProperties.decode(text)).isEqualTo(theirs);
        assertThat(MessageProperties.decode(ByteBuffer.wrap(bytes), 0, bytes.length))
                .isEqualTo(theirs);
    }

    @Property(tries = 300)
    void decodesAnyBytesLikeRocketMq(@ForAll("anyBytes") byte[] bytes) {
        Map<String, String> theirs = MessageDecoder.string2messageProperties(new String(bytes, StandardCharsets.UTF_8));
        assertThat(MessageProperties.decode(ByteBuffer.wrap(bytes), 0, bytes.length))
                .isEqualTo(theirs);
    }

    @Property(tries = 300)
    void utf8MatchesTheJdkEvenForLoneSurrogates(@ForAll String s) {
        byte[] expected = s.getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.length(s)).isEqualTo(expected.length);
        ByteBuffer dst = ByteBuffer.allocate(expected.length + 2);
        assertThat(Utf8.write(s, dst, 1)).isEqualTo(1 + expected.length);
        assertThat(java.util.Arrays.copyOfRange(dst.array(), 1, 1 + expected.length))
                .isEqualTo(expected);
    }

    @Test
    void encodingEdgeCasesFollowRocketMq() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("a", "1");
        map.put("skipped", null);
        map.put(null, "2");
        assertThat(MessageProperties.encode(map))
                .isEqualTo("a\u00011\u0002null\u00012\u0002")
                .isEqualTo(MessageDecoder.messageProperties2String(map));
        assertThat(MessageProperties.toBytes(map)).isEqualTo("a\u00011\u0002null\u00012\u0002".getBytes());
        assertThat(MessageProperties.encode(null)).isEmpty();
        assertThat(MessageProperties.encode(Map.of())).isEmpty();
        assertThat(MessageProperties.decode((String) null)).isEmpty();
    }

    @Test
    void decodingDropsEmptyNamesAndValuesAndAcceptsAMissingTrailingSeparator() {
        assertThat(MessageProperties.decode("a\u00011\u0002\u00012\u0002b\u0001\u0002c\u00013"))
                .containsExactly(Map.entry("a", "1"), Map.entry("c", "3"));
        assertThat(MessageProperties.decode("k\u0001v\u0001w\u0002")).containsExactly(Map.entry("k", "v\u0001w"));
        assertThat(MessageProperties.decode("k\u00011\u0002k\u00012\u0002")).containsExactly(Map.entry("k", "2"));
    }

    @Test
    void theLimitIs32767Bytes() {
        Map<String, String> justFits = Map.of("k", "x".repeat(32767 - 3));
        assertThat(MessageProperties.toBytes(justFits)).hasSize(32767);
        Map<String, String> tooBig = Map.of("k", "é".repeat(16382) + "x");
        assertThatThrownBy(() -> MessageProperties.encode(tooBig))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32768 bytes")
                .hasMessageContaining("limit of 32767");
        assertThatThrownBy(() -> MessageProperties.toBytes(tooBig)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void byteDecodersCheckTheRangeAndTheRelativeOneAdvances() {
        ByteBuffer buf = ByteBuffer.wrap("xxa\u00011\u0002yy".getBytes(StandardCharsets.UTF_8));
        buf.position(2);
        assertThat(MessageProperties.decode(buf, 4)).containsExactly(Map.entry("a", "1"));
        assertThat(buf.position()).isEqualTo(6);
        assertThatThrownBy(() -> MessageProperties.decode(buf, 5, 4))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("position 5");
        assertThatThrownBy(() -> MessageProperties.decode(buf, 0, -1)).isInstanceOf(ProtocolException.class);
        ByteBuffer direct = ByteBuffer.allocateDirect(8).put("é\u0001中\u0002".getBytes(StandardCharsets.UTF_8));
        assertThat(MessageProperties.decode(direct, 0, direct.position())).containsExactly(Map.entry("é", "中"));
    }
}
