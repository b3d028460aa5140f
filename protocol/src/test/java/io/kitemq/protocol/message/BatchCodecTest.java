package io.kitemq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kitemq.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.junit.jupiter.api.Test;

/** Batch bodies: round trips and byte-for-byte agreement with RocketMQ 5.5. */
class BatchCodecTest {

    @Provide
    Arbitrary<List<Message>> batches() {
        Arbitrary<Message> message = Combinators.combine(
                        Arbitraries.integers(), MessageArbitraries.bodies(), MessageArbitraries.properties())
                .as((flag, body, properties) -> {
                    Message m = new Message();
                    m.setFlag(flag);
                    m.setBody(body);
                    m.setProperties(properties);
                    return m;
                });
        return message.list().ofMaxSize(8);
    }

    @Property(tries = 300)
    void roundTrips(@ForAll("batches") List<Message> batch) {
        byte[] body = BatchCodec.encode(batch);
        assertThat(body).hasSize(BatchCodec.encodedLength(batch));

        List<Message> decoded = BatchCodec.decode(ByteBuffer.wrap(body));

        assertThat(decoded).isEqualTo(batch);
        assertThat(BatchCodec.count(ByteBuffer.wrap(body))).isEqualTo(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            assertThat(decoded.get(i).getProperties().keySet())
                    .containsExactlyElementsOf(batch.get(i).getProperties().keySet());
        }
    }

    @Property(tries = 300)
    void rocketMqEncodesTheSameBytes(@ForAll("batches") List<Message> batch) {
        List<org.apache.rocketmq.common.message.Message> theirs = new ArrayList<>();
        batch.forEach(m -> theirs.add(RocketMqMessages.toTheirs(m)));
        assertThat(BatchCodec.encode(batch)).isEqualTo(MessageDecoder.encodeMessages(theirs));
    }

    @Property(tries = 300)
    void rocketMqDecodesOurBatches(@ForAll("batches") List<Message> batch) throws Exception {
        List<org.apache.rocketmq.common.message.Message> theirs =
                MessageDecoder.decodeMessages(ByteBuffer.wrap(BatchCodec.encode(batch)));
        assertThat(theirs).hasSize(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            assertThat(theirs.get(i).getFlag()).isEqualTo(batch.get(i).getFlag());
            assertThat(theirs.get(i).getBody()).isEqualTo(batch.get(i).getBody());
            assertThat(theirs.get(i).getProperties()).isEqualTo(batch.get(i).getProperties());
        }
        assertThat(MessageDecoder.countInnerMsgNum(ByteBuffer.wrap(BatchCodec.encode(batch))))
                .isEqualTo(batch.size());
    }

    @Test
    void entryLayoutHasZeroPlaceholders() {
        Message m = new Message("T", "hi".getBytes(StandardCharsets.UTF_8));
        m.setFlag(9);
        ByteBuffer b = ByteBuffer.wrap(BatchCodec.encode(List.of(m)));
        byte[] properties = "WAIT\u0001true\u0002".getBytes(StandardCharsets.UTF_8);
        assertThat(b.getInt(0)).isEqualTo(BatchCodec.ENTRY_OVERHEAD + 2 + properties.length);
        assertThat(b.getInt(4)).isZero();
        assertThat(b.getInt(8)).isZero();
        assertThat(b.getInt(12)).isEqualTo(9);
        assertThat(b.getInt(16)).isEqualTo(2);
        assertThat(b.getShort(22)).isEqualTo((short) properties.length);
        assertThat(BatchCodec.decode(b).get(0).getTopic()).isNull();
    }

    @Test
    void encodeRejectsMissingBodiesAndOversizedProperties() {
        Message noBody = new Message();
        assertThatThrownBy(() -> BatchCodec.encode(List.of(noBody)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no body");
        Message big = new Message("T", new byte[1]);
        big.setProperties(Map.of("k", "v".repeat(33_000)));
        assertThatThrownBy(() -> BatchCodec.encode(List.of(big))).hasMessageContaining("32767");
    }

    @Test
    void corruptEntriesAreProtocolExceptions() {
        expectCorrupt(b -> b.putInt(0, 1000), "TOTALSIZE 1000");
        expectCorrupt(b -> b.putInt(0, 3), "TOTALSIZE 3");
        expectCorrupt(b -> b.putInt(16, -1), "body length -1");
        expectCorrupt(b -> b.putInt(16, 1 << 30), "body length");
        expectCorrupt(b -> b.putShort(22, (short) -7), "properties length -7");
        expectCorrupt(b -> b.putShort(22, (short) 2), "properties length 2");
        byte[] one = BatchCodec.encode(List.of(new Message("T", new byte[2])));
        byte[] truncated = java.util.Arrays.copyOf(one, one.length + 5);
        assertThatThrownBy(() -> BatchCodec.decode(ByteBuffer.wrap(truncated)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("position " + one.length)
                .hasMessageContaining("truncated");
    }

    private static void expectCorrupt(Consumer<ByteBuffer> damage, String expected) {
        byte[] body = BatchCodec.encode(List.of(new Message("T", new byte[2])));
        damage.accept(ByteBuffer.wrap(body));
        assertThatThrownBy(() -> BatchCodec.decode(ByteBuffer.wrap(body)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("position 0")
                .hasMessageContaining(expected);
        assertThatThrownBy(() -> BatchCodec.count(ByteBuffer.wrap(body))).isInstanceOf(ProtocolException.class);
    }
}
