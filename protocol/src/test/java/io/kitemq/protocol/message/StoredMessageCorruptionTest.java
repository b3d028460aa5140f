package io.kitemq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.kitemq.protocol.ProtocolException;
import io.kitemq.protocol.message.MessageArbitraries.Stored;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Corrupt stored records and batch bodies: whatever the damage, decoding either succeeds (the damage hit
 * a value, not the structure) or throws {@link ProtocolException} — never another exception.
 */
class StoredMessageCorruptionTest {

    @Provide
    Arbitrary<Stored> stored() {
        return MessageArbitraries.storedMessages();
    }

    @Property(tries = 500)
    void garbledByteNeverEscapesAsAnotherException(
            @ForAll("stored") Stored s, @ForAll int where, @ForAll byte value, @ForAll boolean checkCrc) {
        byte[] record = StoredMessageCodec.toBytes(s.message());
        record[Math.floorMod(where, record.length)] ^= (byte) (value == 0 ? 1 : value);
        onlyProtocolExceptions(() -> StoredMessageCodec.decode(ByteBuffer.wrap(record), 0, true, true, checkCrc));
        onlyProtocolExceptions(() -> StoredMessageCodec.decodeAll(ByteBuffer.wrap(record)));
    }

    @Property(tries = 300)
    void garbledBodyIsCaughtByTheCrcCheck(@ForAll("stored") Stored s, @ForAll int where) {
        byte[] record = StoredMessageCodec.toBytes(s.message());
        int bodyLength = s.message().getBody().length;
        if (bodyLength == 0) {
            return;
        }
        int bodyIndex = StoredMessageFormat.bodyLengthPosition(s.message().getSysFlag()) + 4;
        record[bodyIndex + Math.floorMod(where, bodyLength)] ^= 0x5A;
        assertThatThrownBy(() -> StoredMessageCodec.decode(ByteBuffer.wrap(record), 0, true, false, true))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("CRC");
    }

    @Property(tries = 300)
    void truncatedRecordIsAProtocolException(@ForAll("stored") Stored s, @ForAll int cut) {
        byte[] record = StoredMessageCodec.toBytes(s.message());
        byte[] truncated = Arrays.copyOf(record, 1 + Math.floorMod(cut, record.length - 1));
        assertThatThrownBy(() -> StoredMessageCodec.decode(ByteBuffer.wrap(truncated), true, true))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("position 0");
        assertThatThrownBy(() -> StoredMessageCodec.decodeAll(ByteBuffer.wrap(truncated)))
                .isInstanceOf(ProtocolException.class);
    }

    @Property(tries = 300)
    void randomBytesNeverEscapeAsAnotherException(@ForAll("noise") byte[] noise) {
        onlyProtocolExceptions(() -> StoredMessageCodec.decodeAll(ByteBuffer.wrap(noise)));
        onlyProtocolExceptions(() -> BatchCodec.decode(ByteBuffer.wrap(noise)));
    }

    @Property(tries = 300)
    void randomBytesBehindAValidHeaderNeverEscape(@ForAll("stored") Stored s, @ForAll("noise") byte[] noise) {
        byte[] record = StoredMessageCodec.toBytes(s.message());
        int keep = Math.min(record.length, StoredMessageFormat.BORN_HOST_POSITION);
        byte[] mixed = Arrays.copyOf(record, keep + noise.length);
        System.arraycopy(noise, 0, mixed, keep, noise.length);
        ByteBuffer.wrap(mixed).putInt(0, mixed.length);
        onlyProtocolExceptions(() -> StoredMessageCodec.decode(ByteBuffer.wrap(mixed), 0, true, true, true));
    }

    @Provide
    Arbitrary<byte[]> noise() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    }

    @Test
    void badMagicNamesThePosition() {
        byte[] first = StoredMessageCodec.toBytes(StoredMessageCodecTest.simpleMessage());
        byte[] two = Arrays.copyOf(first, first.length * 2);
        System.arraycopy(first, 0, two, first.length, first.length);
        ByteBuffer.wrap(two).putInt(first.length + 4, 0x12345678);
        assertThatThrownBy(() -> StoredMessageCodec.decodeAll(ByteBuffer.wrap(two)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("position " + first.length)
                .hasMessageContaining("bad magic code 0x12345678");
    }

    @Test
    void absurdLengthsAreProtocolExceptions() {
        int bodyLengthIndex = StoredMessageFormat.bodyLengthPosition(0);
        expectCorrupt(b -> b.putInt(0, Integer.MAX_VALUE), "TOTALSIZE");
        expectCorrupt(b -> b.putInt(0, -5), "TOTALSIZE");
        expectCorrupt(b -> b.putInt(0, 40), "TOTALSIZE");
        expectCorrupt(b -> b.putInt(bodyLengthIndex, -1), "body length -1");
        expectCorrupt(b -> b.putInt(bodyLengthIndex, Integer.MAX_VALUE), "body length");
        int topicLengthIndex = bodyLengthIndex + 4 + "hello".length();
        expectCorrupt(b -> b.put(topicLengthIndex, (byte) -3), "topic length -3");
        expectCorrupt(b -> b.put(topicLengthIndex, (byte) 120), "topic length 120");
        int propertiesLengthIndex = topicLengthIndex + 1 + "TopicTest".length();
        expectCorrupt(b -> b.putShort(propertiesLengthIndex, (short) -1), "properties length -1");
        expectCorrupt(b -> b.putShort(propertiesLengthIndex, (short) 3), "properties length 3");
        expectCorrupt(b -> b.putInt(StoredMessageFormat.BORN_HOST_POSITION + 4, 70_000), "port 70000");
        expectCorrupt(
                b -> {
                    b.putInt(StoredMessageFormat.SYS_FLAG_POSITION, 0x30);
                    b.putInt(0, 100);
                },
                "too small for sysFlag 48");
    }

    @Test
    void trailingGarbageAfterTheLastRecordIsReported() {
        byte[] record = StoredMessageCodec.toBytes(StoredMessageCodecTest.simpleMessage());
        byte[] withTail = Arrays.copyOf(record, record.length + 3);
        assertThatThrownBy(() -> StoredMessageCodec.decodeAll(ByteBuffer.wrap(withTail)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("position " + record.length)
                .hasMessageContaining("truncated");
    }

    private static void expectCorrupt(Consumer<ByteBuffer> damage, String expected) {
        byte[] record = StoredMessageCodec.toBytes(StoredMessageCodecTest.simpleMessage());
        damage.accept(ByteBuffer.wrap(record));
        assertThatThrownBy(() -> StoredMessageCodec.decode(ByteBuffer.wrap(record), true, true))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("position 0")
                .hasMessageContaining(expected);
    }

    private static void onlyProtocolExceptions(Runnable decode) {
        try {
            decode.run();
        } catch (ProtocolException expected) {
            assertThat(expected.getMessage()).contains("position");
        } catch (Throwable other) {
            fail("expected success or ProtocolException, got " + other, other);
        }
    }
}
