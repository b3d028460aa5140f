package io.kitemq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kitemq.protocol.ProtocolException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.rocketmq.common.compression.ZlibCompressor;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExtBrokerInner;
import org.junit.jupiter.api.Test;

/** Message model, property keys, sysFlag helpers, compression and tag hash against RocketMQ 5.5. */
class MessageModelTest {

    @Test
    void constructorsSetTheSamePropertiesAsRocketMq() {
        byte[] body = "b".getBytes(StandardCharsets.UTF_8);
        assertThat(new Message("T", "TagA", "k1 k2", body).getProperties())
                .isEqualTo(new org.apache.rocketmq.common.message.Message("T", "TagA", "k1 k2", body).getProperties())
                .containsExactly(Map.entry("TAGS", "TagA"), Map.entry("KEYS", "k1 k2"), Map.entry("WAIT", "true"));
        assertThat(new Message("T", body).getProperties())
                .isEqualTo(new org.apache.rocketmq.common.message.Message("T", body).getProperties());
        assertThat(new Message().getProperties()).isEmpty();
    }

    @Test
    void convenienceAccessorsUseTheWellKnownProperties() {
        Message m = new Message("T", "TagA", body());
        m.setKeys(List.of("a", "b"));
        m.setDelayTimeLevel(3);
        m.setWaitStoreMsgOK(false);
        m.setDelayTimeSec(10);
        m.putProperty(PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "ID");

        assertThat(m.getTags()).isEqualTo("TagA");
        assertThat(m.getKeys()).isEqualTo("a b");
        assertThat(m.getKeyList()).containsExactly("a", "b");
        assertThat(m.getDelayTimeLevel()).isEqualTo(3);
        assertThat(m.isWaitStoreMsgOK()).isFalse();
        assertThat(m.getDelayTimeSec()).isEqualTo(10);
        assertThat(m.getDeliverTimeMs()).isZero();
        assertThat(m.getUniqKey()).isEqualTo("ID");
        assertThat(m.getProperty("TIMER_DELAY_SEC")).isEqualTo("10");
        m.putProperty("TAGS", null);
        assertThat(m.getTags()).isNull();
        assertThat(new Message().isWaitStoreMsgOK()).isTrue();
        assertThat(new Message().getKeyList()).isEmpty();
    }

    @Test
    void putUserPropertyRejectsReservedAndMalformedNames() {
        Message m = new Message();
        for (String reserved : PropertyKeys.SYSTEM_KEYS) {
            assertThatThrownBy(() -> m.putUserProperty(reserved, "v"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("used by system");
        }
        assertThatThrownBy(() -> m.putUserProperty(" ", "v")).hasMessageContaining("null or blank");
        assertThatThrownBy(() -> m.putUserProperty("k", null)).hasMessageContaining("null or blank");
        assertThatThrownBy(() -> m.putUserProperty("k", "a\u0002b")).hasMessageContaining("separator");
        m.putUserProperty("color", "blue");
        assertThat(m.getUserProperty("color")).isEqualTo("blue");
    }

    @Test
    void equalityAndToString() {
        Message a = new Message("T", "TagA", body());
        Message b = new Message("T", "TagA", body());
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        b.setFlag(1);
        assertThat(a).isNotEqualTo(b);
        assertThat(a.toString()).contains("topic=T").contains("3 bytes").contains("TagA");

        MessageExt x = new MessageExt();
        MessageExt y = new MessageExt();
        x.setStoreHost(new InetSocketAddress(MessageArbitraries.ip(new byte[] {1, 2, 3, 4}), 1));
        y.setStoreHost(new InetSocketAddress(MessageArbitraries.ip(new byte[] {1, 2, 3, 4}), 1));
        assertThat(x).isEqualTo(y).hasSameHashCodeAs(y).isNotEqualTo(new Message());
        y.setQueueOffset(5);
        assertThat(x).isNotEqualTo(y);
        assertThat(y.toString()).contains("queueOffset=5").contains("1.2.3.4");
        y.putProperty("UNIQ_KEY", "U");
        assertThat(y.getUniqKey()).isEqualTo("U");
    }

    @Property(tries = 300)
    void messageQueueOrdersLikeRocketMq(
            @ForAll @IntRange(max = 3) int t1,
            @ForAll @IntRange(max = 3) int b1,
            @ForAll int q1,
            @ForAll @IntRange(max = 3) int t2,
            @ForAll @IntRange(max = 3) int b2,
            @ForAll int q2) {
        MessageQueue ours1 = new MessageQueue("t" + t1, "b" + b1, q1 % 4);
        MessageQueue ours2 = new MessageQueue("t" + t2, "b" + b2, q2 % 4);
        var theirs1 = new org.apache.rocketmq.common.message.MessageQueue("t" + t1, "b" + b1, q1 % 4);
        var theirs2 = new org.apache.rocketmq.common.message.MessageQueue("t" + t2, "b" + b2, q2 % 4);
        assertThat(Integer.signum(ours1.compareTo(ours2))).isEqualTo(Integer.signum(theirs1.compareTo(theirs2)));
        assertThat(ours1.equals(ours2)).isEqualTo(theirs1.equals(theirs2));
    }

    @Test
    void propertyKeysAreRocketMqs() throws Exception {
        int compared = 0;
        for (Field field : PropertyKeys.class.getFields()) {
            if (field.getType() == String.class && Modifier.isStatic(field.getModifiers())) {
                assertThat(field.get(null))
                        .as(field.getName())
                        .isEqualTo(MessageConst.class.getField(field.getName()).get(null));
                compared++;
            }
        }
        for (Field field : MessageConst.class.getFields()) {
            if (field.getType() == String.class && field.getName().startsWith("PROPERTY_")) {
                assertThat(PropertyKeys.class.getField(field.getName()))
                        .as(field.getName())
                        .isNotNull();
            }
        }
        assertThat(compared).isGreaterThan(70);
        assertThat(PropertyKeys.SYSTEM_KEYS).isEqualTo(MessageConst.STRING_HASH_SET);
    }

    @Test
    void sysFlagConstantsAreRocketMqs() throws Exception {
        for (Field field : MessageSysFlag.class.getFields()) {
            if (field.getName().endsWith("_MASK")) {
                continue;
            }
            assertThat(field.get(null))
                    .as(field.getName())
                    .isEqualTo(org.apache.rocketmq.common.sysflag.MessageSysFlag.class
                            .getField(field.getName())
                            .get(null));
        }
        assertThat(MessageSysFlag.COMPRESSION_TYPE_MASK)
                .isEqualTo(org.apache.rocketmq.common.sysflag.MessageSysFlag.COMPRESSION_TYPE_COMPARATOR);
    }

    @Property(tries = 300)
    void sysFlagHelpersAgreeWithRocketMq(@ForAll int sysFlag, @ForAll @IntRange(max = 3) int tranType) {
        int type = tranType << 2;
        assertThat(MessageSysFlag.transactionType(sysFlag))
                .isEqualTo(org.apache.rocketmq.common.sysflag.MessageSysFlag.getTransactionValue(sysFlag));
        assertThat(MessageSysFlag.withTransactionType(sysFlag, type))
                .isEqualTo(org.apache.rocketmq.common.sysflag.MessageSysFlag.resetTransactionValue(sysFlag, type));
        assertThat(MessageSysFlag.clearCompressedFlag(sysFlag))
                .isEqualTo(org.apache.rocketmq.common.sysflag.MessageSysFlag.clearCompressedFlag(sysFlag));
        int compressionBits = (sysFlag >>> 8) & 7;
        if (compressionBits <= 3) {
            assertThat(MessageSysFlag.compression(sysFlag).value())
                    .isEqualTo(org.apache.rocketmq.common.sysflag.MessageSysFlag.getCompressionType(sysFlag)
                            .getValue());
        } else {
            assertThatThrownBy(() -> MessageSysFlag.compression(sysFlag)).isInstanceOf(ProtocolException.class);
        }
        int zlib = MessageSysFlag.withCompression(sysFlag, Compression.ZLIB);
        assertThat(MessageSysFlag.isCompressed(zlib)).isTrue();
        assertThat(MessageSysFlag.compression(zlib)).isEqualTo(Compression.ZLIB);
    }

    @Test
    void hostFlagsFollowTheAddressFamilies() {
        InetSocketAddress v4 = new InetSocketAddress(MessageArbitraries.ip(new byte[4]), 1);
        byte[] v6bytes = new byte[16];
        v6bytes[0] = 0x20;
        InetSocketAddress v6 = new InetSocketAddress(MessageArbitraries.ip(v6bytes), 1);
        assertThat(MessageSysFlag.withHostFlags(0x30, v4, v4)).isZero();
        assertThat(MessageSysFlag.withHostFlags(1, v6, v4)).isEqualTo(1 | MessageSysFlag.BORNHOST_V6_FLAG);
        assertThat(MessageSysFlag.withHostFlags(0, v4, v6)).isEqualTo(MessageSysFlag.STOREHOSTADDRESS_V6_FLAG);
    }

    @Property(tries = 200)
    void zlibMatchesRocketMqByteForByte(@ForAll byte[] data, @ForAll @IntRange(max = 9) int level) throws Exception {
        byte[] ours = Compression.ZLIB.compress(data, level);
        assertThat(ours).isEqualTo(new ZlibCompressor().compress(data, level));
        assertThat(new ZlibCompressor().decompress(ours)).isEqualTo(data);
        assertThat(Compression.ZLIB.decompress(ours)).isEqualTo(data);
    }

    @Test
    void compressionFailuresAreProtocolExceptions() {
        byte[] text = "hello hello hello hello".repeat(50).getBytes(StandardCharsets.UTF_8);
        byte[] compressed = Compression.ZLIB.compress(text, 5);
        assertThatThrownBy(() -> Compression.ZLIB.decompress(java.util.Arrays.copyOf(compressed, 10)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> Compression.ZLIB.decompress(new byte[] {1, 2, 3, 4}))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("corrupt");
        assertThatThrownBy(() -> Compression.LZ4.compress(text, 5))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("JDK only");
        assertThatThrownBy(() -> Compression.ofValue(5)).isInstanceOf(ProtocolException.class);
        assertThat(Compression.ofValue(0)).isEqualTo(Compression.ZLIB);
        assertThat(Compression.ZSTD.sysFlagBits()).isEqualTo(MessageSysFlag.COMPRESSION_ZSTD_TYPE);
    }

    @Property(tries = 200)
    void tagHashIsRocketMqs(@ForAll String tag) {
        assertThat(TagHash.of(tag)).isEqualTo(MessageExtBrokerInner.tagsString2tagsCode(tag));
    }

    @Test
    void tagHashOfNothingIsZero() {
        assertThat(TagHash.of(null)).isZero().isEqualTo(MessageExtBrokerInner.tagsString2tagsCode(null));
        assertThat(TagHash.of("")).isZero();
        assertThat(TagHash.of("TagA")).isEqualTo("TagA".hashCode());
    }

    private static byte[] body() {
        return "abc".getBytes(StandardCharsets.UTF_8);
    }
}
