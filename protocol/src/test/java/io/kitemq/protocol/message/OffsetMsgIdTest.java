package io.kitemq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageId;
import org.junit.jupiter.api.Test;

/** offsetMsgId: text form, round trips and agreement with RocketMQ 5.5. */
class OffsetMsgIdTest {

    @Provide
    Arbitrary<InetSocketAddress> hosts() {
        return MessageArbitraries.hosts();
    }

    @Property(tries = 400)
    void roundTrips(@ForAll("hosts") InetSocketAddress host, @ForAll long offset) {
        OffsetMsgId id = new OffsetMsgId(host, offset);
        String text = id.encode();

        assertThat(text).hasSize(id.isIpv4() ? 32 : 56).matches("[0-9A-F]+");
        assertThat(OffsetMsgId.decode(text)).isEqualTo(id);
        assertThat(OffsetMsgId.decode(text.toLowerCase())).isEqualTo(id);
    }

    @Property(tries = 400)
    void agreesWithRocketMq(@ForAll("hosts") InetSocketAddress host, @ForAll long offset) throws Exception {
        String ours = OffsetMsgId.encode(host, offset);
        assertThat(MessageDecoder.createMessageId(host, offset)).isEqualTo(ours);

        MessageId theirs = MessageDecoder.decodeMessageId(ours);
        assertThat(theirs.getAddress()).isEqualTo(host);
        assertThat(theirs.getOffset()).isEqualTo(offset);
    }

    @Property(tries = 200)
    void encodesFromWireBytes(@ForAll("hosts") InetSocketAddress host, @ForAll long offset) {
        byte[] ip = host.getAddress().getAddress();
        ByteBuffer wire =
                ByteBuffer.allocate(3 + ip.length + 4).position(3).put(ip).putInt(host.getPort());
        wire.position(0);
        assertThat(OffsetMsgId.encode(wire, 3, ip.length, offset)).isEqualTo(OffsetMsgId.encode(host, offset));
        assertThat(wire.position()).isZero();
    }

    @Test
    void decodesTheQuickstartExample() {
        OffsetMsgId id = OffsetMsgId.decode("C0A83AE400002A9F000000000002ECD2");
        assertThat(id.brokerAddress()).isEqualTo("192.168.58.228:10911");
        assertThat(id.commitLogOffset()).isEqualTo(191698L);
    }

    @Test
    void invalidIdsAreClearErrors() {
        assertThatThrownBy(() -> OffsetMsgId.decode("C0A83AE400002A9F000000000002ECD"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 (IPv4) or 56 (IPv6)")
                .hasMessageContaining("got 31");
        assertThatThrownBy(() -> OffsetMsgId.decode("C0A83AE400002A9F000000000002ECDG"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-hex character at index 31");
        assertThatThrownBy(() -> OffsetMsgId.decode("C0A83AE400002A9F000000000002EC\u0663\u0663"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-hex");
        assertThatThrownBy(() -> OffsetMsgId.decode("C0A83AE4FFFFFFFF000000000002ECD2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port -1 out of range");
        assertThatThrownBy(() -> new OffsetMsgId(InetSocketAddress.createUnresolved("broker", 10911), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
