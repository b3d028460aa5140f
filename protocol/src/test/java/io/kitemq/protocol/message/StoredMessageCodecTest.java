package io.kitemq.protocol.message;

import static io.kitemq.protocol.message.RocketMqMessages.assertSameFields;
import static io.kitemq.protocol.message.RocketMqMessages.toTheirs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kitemq.protocol.ProtocolException;
import io.kitemq.protocol.message.MessageArbitraries.BodyCompression;
import io.kitemq.protocol.message.MessageArbitraries.Stored;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.junit.jupiter.api.Test;

/** Stored records: round trips, byte-for-byte and field-for-field agreement with RocketMQ 5.5. */
class StoredMessageCodecTest {

    @Provide
    Arbitrary<Stored> stored() {
        return MessageArbitraries.storedMessages();
    }

    @Property(tries = 400)
    void roundTripsEveryField(@ForAll("stored") Stored s) {
        MessageExt original = s.message();
        byte[] record = StoredMessageCodec.toBytes(original);
        ByteBuffer buf = ByteBuffer.wrap(record);

        MessageExt raw = StoredMessageCodec.decode(buf, true, false);

        assertThat(buf.position()).isZero();
        assertThat(raw.getStoreSize()).isEqualTo(record.length);
        raw.setStoreSize(0);
        raw.setMsgId(null);
        assertThat(raw).isEqualTo(original);
        assertThat(raw.getProperties().keySet())
                .containsExactlyElementsOf(original.getProperties().keySet());
        if (s.compression() != BodyCompression.LZ4_FLAGGED) {
            MessageExt decompressed = StoredMessageCodec.decode(buf, 0, true, true, true);
            assertThat(decompressed.getBody()).isEqualTo(s.originalBody());
        }
        MessageExt headersOnly = StoredMessageCodec.decode(buf, false, true);
        assertThat(headersOnly.getBody()).isNull();
        assertThat(headersOnly.getTopic()).isEqualTo(original.getTopic());
    }

    @Property(tries = 300)
    void sizeAndVersionFollowTheFormat(@ForAll("stored") Stored s) {
        MessageExt m = s.message();
        int topicLength = m.getTopic().getBytes(StandardCharsets.UTF_8).length;
        MagicVersion version = MagicVersion.forTopicLength(topicLength);
        byte[] record = StoredMessageCodec.toBytes(m);
        ByteBuffer buf = ByteBuffer.wrap(record);

        assertThat(record.length)
                .isEqualTo(StoredMessageFormat.recordSize(
                        m.getBody().length,
                        topicLength,
                        MessageProperties.toBytes(m.getProperties()).length,
                        m.getSysFlag(),
                        version));
        assertThat(buf.getInt(StoredMessageFormat.MAGIC_CODE_POSITION)).isEqualTo(version.magicCode());
        assertThat(buf.getInt(StoredMessageFormat.SYS_FLAG_POSITION)).isEqualTo(m.getSysFlag());
        assertThat(buf.getLong(StoredMessageFormat.PHYSICAL_OFFSET_POSITION)).isEqualTo(m.getCommitLogOffset());
        assertThat(buf.getLong(StoredMessageFormat.storeTimestampPosition(m.getSysFlag())))
                .isEqualTo(m.getStoreTimestamp());
        assertThat(buf.getInt(StoredMessageFormat.bodyLengthPosition(m.getSysFlag())))
                .isEqualTo(m.getBody().length);
    }

    @Property(tries = 300)
    void preEncodedPartsGiveTheSameBytes(@ForAll("stored") Stored s) {
        MessageExt m = s.message();
        byte[] topic = m.getTopic().getBytes(StandardCharsets.UTF_8);
        byte[] properties = MessageProperties.toBytes(m.getProperties());
        ByteBuffer dst = ByteBuffer.allocate(StoredMessageCodec.toBytes(m).length + 10);
        dst.position(3);

        int size = StoredMessageCodec.encode(dst, m, topic, properties, MagicVersion.forTopicLength(topic.length));

        assertThat(dst.position()).isEqualTo(3 + size);
        assertThat(Arrays.copyOfRange(dst.array(), 3, 3 + size)).isEqualTo(StoredMessageCodec.toBytes(m));
    }

    @Property(tries = 200)
    void longTopicsAlsoFitV2WhenAsked(@ForAll("stored") Stored s) {
        MessageExt m = s.message();
        byte[] topic = m.getTopic().getBytes(StandardCharsets.UTF_8);
        byte[] record = new byte
                [StoredMessageFormat.recordSize(
                        m.getBody().length,
                        topic.length,
                        MessageProperties.encodedLength(m.getProperties()),
                        m.getSysFlag(),
                        MagicVersion.V2)];
        StoredMessageCodec.encode(
                ByteBuffer.wrap(record), m, topic, MessageProperties.toBytes(m.getProperties()), MagicVersion.V2);

        MessageExt decoded = StoredMessageCodec.decode(ByteBuffer.wrap(record), true, false);
        assertThat(decoded.getTopic()).isEqualTo(m.getTopic());
        assertSameFields(MessageDecoder.decode(ByteBuffer.wrap(record), true, false), decoded);
    }

    // ---------------------------------------------------------------------------------------- oracle

    @Property(tries = 400)
    void rocketMqEncodesTheSameBytesForV1(@ForAll("stored") Stored s) throws Exception {
        MessageExt m = s.message();
        byte[] ours = StoredMessageCodec.toBytes(m);
        if (MagicVersion.forTopicLength(m.getTopic().getBytes(StandardCharsets.UTF_8).length) != MagicVersion.V1) {
            return; // RocketMQ's MessageDecoder.encode only writes V1
        }
        assertThat(MessageDecoder.encode(toTheirs(m), false)).isEqualTo(ours);
    }

    @Property(tries = 400)
    void rocketMqDecodesOurRecords(@ForAll("stored") Stored s) {
        byte[] ours = StoredMessageCodec.toBytes(s.message());
        boolean decompress = s.compression() != BodyCompression.LZ4_FLAGGED;
        MessageExt decoded = StoredMessageCodec.decode(ByteBuffer.wrap(ours), 0, true, decompress, true);

        org.apache.rocketmq.common.message.MessageExt theirs =
                MessageDecoder.decode(ByteBuffer.wrap(ours), true, decompress, false, false, true);

        assertSameFields(theirs, decoded);
        assertThat(theirs.getMsgId()).isEqualTo(decoded.getMsgId());
    }

    @Property(tries = 100)
    void rocketMqCompressesLikeUs(@ForAll("stored") Stored s) throws Exception {
        MessageExt m = s.message();
        if (s.compression() != BodyCompression.ZLIB_LEGACY
                || m.getTopic().getBytes(StandardCharsets.UTF_8).length > 127) {
            return;
        }
        org.apache.rocketmq.common.message.MessageExt theirs = toTheirs(m);
        theirs.setBody(s.originalBody()); // they compress at level 5 while encoding

        assertThat(MessageDecoder.encode(theirs, true)).isEqualTo(StoredMessageCodec.toBytes(m));
    }

    @Property(tries = 100)
    void weDecodeRocketMqRecords(@ForAll("stored") Stored s) throws Exception {
        MessageExt m = s.message();
        if (m.getTopic().getBytes(StandardCharsets.UTF_8).length > 127) {
            return;
        }
        byte[] theirs = MessageDecoder.encode(toTheirs(m), false);
        MessageExt decoded = StoredMessageCodec.decode(ByteBuffer.wrap(theirs), 0, true, false, true);
        decoded.setStoreSize(0);
        decoded.setMsgId(null);
        assertThat(decoded).isEqualTo(m);
    }

    @Property(tries = 100)
    void pullBodiesDecodeAsRocketMqDoes(@ForAll @Size(max = 6) List<@From("stored") Stored> list) {
        List<MessageExt> messages = new ArrayList<>();
        int total = 0;
        for (Stored s : list) {
            if (s.compression() != BodyCompression.LZ4_FLAGGED) {
                messages.add(s.message());
                total += StoredMessageCodec.toBytes(s.message()).length;
            }
        }
        ByteBuffer body = ByteBuffer.allocate(total);
        for (MessageExt m : messages) {
            StoredMessageCodec.encode(body, m);
        }
        body.flip();

        List<MessageExt> ours = StoredMessageCodec.decodeAll(body);
        List<org.apache.rocketmq.common.message.MessageExt> theirs = MessageDecoder.decodes(body.duplicate());

        assertThat(body.position()).isZero();
        assertThat(ours).hasSize(messages.size());
        assertThat(theirs).hasSize(messages.size());
        for (int i = 0; i < ours.size(); i++) {
            assertSameFields(theirs.get(i), ours.get(i));
            assertThat(((org.apache.rocketmq.common.message.MessageClientExt) theirs.get(i)).getOffsetMsgId())
                    .isEqualTo(ours.get(i).getMsgId());
        }
    }

    @Test
    void formatConstantsAreRocketMqs() {
        assertThat(StoredMessageFormat.MAGIC_CODE_V1).isEqualTo(MessageDecoder.MESSAGE_MAGIC_CODE);
        assertThat(StoredMessageFormat.MAGIC_CODE_V2).isEqualTo(MessageDecoder.MESSAGE_MAGIC_CODE_V2);
        assertThat(StoredMessageFormat.BLANK_MAGIC_CODE)
                .isEqualTo(MessageDecoder.BLANK_MAGIC_CODE)
                .isEqualTo(-875286124);
        assertThat(MagicVersion.V1.magicCode()).isEqualTo(StoredMessageFormat.MAGIC_CODE_V1);
        assertThat(MagicVersion.V2.magicCode()).isEqualTo(StoredMessageFormat.MAGIC_CODE_V2);
        assertThat(StoredMessageFormat.MAGIC_CODE_POSITION).isEqualTo(MessageDecoder.MESSAGE_MAGIC_CODE_POSITION);
        assertThat(StoredMessageFormat.FLAG_POSITION).isEqualTo(MessageDecoder.MESSAGE_FLAG_POSITION);
        assertThat(StoredMessageFormat.QUEUE_OFFSET_POSITION).isEqualTo(MessageDecoder.QUEUE_OFFSET_POSITION);
        assertThat(StoredMessageFormat.PHYSICAL_OFFSET_POSITION).isEqualTo(MessageDecoder.PHY_POS_POSITION);
        assertThat(StoredMessageFormat.SYS_FLAG_POSITION).isEqualTo(MessageDecoder.SYSFLAG_POSITION);
        assertThat(StoredMessageFormat.STORE_TIMESTAMP_POSITION_V4)
                .isEqualTo(MessageDecoder.MESSAGE_STORE_TIMESTAMP_POSITION)
                .isEqualTo(StoredMessageFormat.storeTimestampPosition(0));
        assertThat(StoredMessageFormat.minRecordSize(0, MagicVersion.V1))
                .isEqualTo(StoredMessageFormat.FIXED_OVERHEAD_V4_V1)
                .isEqualTo(91);
        assertThat(StoredMessageFormat.minRecordSize(0, MagicVersion.V2)).isEqualTo(92);
        int bothV6 = MessageSysFlag.BORNHOST_V6_FLAG | MessageSysFlag.STOREHOSTADDRESS_V6_FLAG;
        assertThat(StoredMessageFormat.minRecordSize(bothV6, MagicVersion.V1)).isEqualTo(115);
        assertThat(StoredMessageFormat.storeTimestampPosition(bothV6)).isEqualTo(68);
        assertThat(StoredMessageFormat.bodyLengthPosition(0)).isEqualTo(84);
    }

    @Test
    void encodeValidatesItsInputs() {
        MessageExt m = simpleMessage();
        assertThatThrownBy(() -> StoredMessageCodec.encode(ByteBuffer.allocate(10), m))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit");
        assertThatThrownBy(
                        () -> StoredMessageCodec.encode(ByteBuffer.allocate(500).order(ByteOrder.LITTLE_ENDIAN), m))
                .hasMessageContaining("big-endian");
        m.setSysFlag(MessageSysFlag.BORNHOST_V6_FLAG);
        assertThatThrownBy(() -> StoredMessageCodec.toBytes(m))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("born host");
        m.setSysFlag(0);
        byte[] longTopic = "t".repeat(128).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(
                        () -> StoredMessageCodec.encode(ByteBuffer.allocate(1000), m, longTopic, null, MagicVersion.V1))
                .hasMessageContaining("too long for a V1 record");
        m.putProperty("big", "x".repeat(40_000));
        assertThatThrownBy(() -> StoredMessageCodec.toBytes(m)).hasMessageContaining("32767");
        m.clearProperty("big");
        m.setStoreHost(null);
        assertThatThrownBy(() -> StoredMessageCodec.toBytes(m)).hasMessageContaining("store host");
    }

    @Test
    void aTopicOver127BytesIsStoredAsV2() {
        MessageExt m = simpleMessage();
        m.setTopic("t".repeat(128));
        byte[] record = StoredMessageCodec.toBytes(m);
        assertThat(ByteBuffer.wrap(record).getInt(4)).isEqualTo(MessageDecoder.MESSAGE_MAGIC_CODE_V2);
        m.setTopic("t".repeat(127));
        assertThat(ByteBuffer.wrap(StoredMessageCodec.toBytes(m)).getInt(4))
                .isEqualTo(MessageDecoder.MESSAGE_MAGIC_CODE);
    }

    @Test
    void decodeReadsAtThePositionAndAcceptsLittleEndianBuffers() {
        byte[] record = StoredMessageCodec.toBytes(simpleMessage());
        ByteBuffer buf = ByteBuffer.allocate(record.length + 7).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(7);
        buf.put(record);
        buf.position(7);
        MessageExt decoded = StoredMessageCodec.decode(buf, true, true);
        assertThat(decoded.getTopic()).isEqualTo("TopicTest");
        assertThat(buf.position()).isEqualTo(7);
        assertThat(buf.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void emptyBodyDecodesAsEmptyArray() {
        MessageExt m = simpleMessage();
        m.setBody(new byte[0]);
        m.setBodyCRC(StoredMessageFormat.bodyCrc(new byte[0]));
        MessageExt decoded = StoredMessageCodec.decode(ByteBuffer.wrap(StoredMessageCodec.toBytes(m)), true, true);
        assertThat(decoded.getBody()).isEmpty();
    }

    @Test
    void unsupportedCompressionIsAClearError() {
        MessageExt m = simpleMessage();
        m.setSysFlag(MessageSysFlag.withCompression(0, Compression.ZSTD));
        byte[] record = StoredMessageCodec.toBytes(m);
        assertThat(StoredMessageCodec.decode(ByteBuffer.wrap(record), true, false)
                        .getBody())
                .isEqualTo(m.getBody());
        assertThatThrownBy(() -> StoredMessageCodec.decode(ByteBuffer.wrap(record), true, true))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("position 0")
                .hasMessageContaining("ZSTD message compression is not supported");
    }

    @Test
    void blankMarkersAreRecognisedAndWritten() {
        ByteBuffer segment = ByteBuffer.allocate(64);
        segment.position(40);
        StoredMessageFormat.writeBlank(segment, 24);
        assertThat(segment.position()).isEqualTo(64);
        assertThat(StoredMessageFormat.isBlank(segment, 40)).isTrue();
        assertThat(StoredMessageFormat.isBlank(segment, 0)).isFalse();
        assertThat(StoredMessageFormat.isBlank(segment, 60)).isFalse();
        assertThatThrownBy(() -> StoredMessageCodec.decode(segment, 40, true, true, false))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("blank");
    }

    static MessageExt simpleMessage() {
        MessageExt m = new MessageExt();
        m.setTopic("TopicTest");
        m.setBody("hello".getBytes(StandardCharsets.UTF_8));
        m.setBodyCRC(StoredMessageFormat.bodyCrc(m.getBody()));
        m.setTags("TagA");
        m.setBornHost(new InetSocketAddress(MessageArbitraries.ip(new byte[] {127, 0, 0, 1}), 50000));
        m.setStoreHost(new InetSocketAddress(MessageArbitraries.ip(new byte[] {127, 0, 0, 1}), 10911));
        m.setQueueOffset(7);
        m.setCommitLogOffset(191698);
        return m;
    }
}
