package io.kitemq.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kitemq.client.FatalClientException;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.SendMessageRequestHeaderV2;
import io.kitemq.protocol.message.BatchCodec;
import io.kitemq.protocol.message.Compression;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageProperties;
import io.kitemq.protocol.message.MessageQueue;
import io.kitemq.protocol.message.MessageSysFlag;
import io.kitemq.protocol.message.UniqueIdGenerator;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutgoingMessageTest {

    private final ProducerOptions options = ProducerOptions.of("PG");
    private final UniqueIdGenerator ids = UniqueIdGenerator.forThisProcess();

    @Test
    void smallBodiesAreSentAsTheyAre() {
        Message m = new Message("T", "tag", "k1", new byte[4095]);
        OutgoingMessage out = OutgoingMessage.single(m, options, ids);

        assertThat(out.body()).isSameAs(m.getBody());
        assertThat(out.sysFlag()).isZero();
        assertThat(out.msgId()).isEqualTo(m.getUniqKey()).hasSize(ids.idLength());
        assertThat(MessageProperties.decode(out.properties()))
                .containsEntry("TAGS", "tag")
                .containsEntry("KEYS", "k1")
                .containsEntry("UNIQ_KEY", out.msgId());
    }

    @Test
    void bodiesFromTheThresholdOnAreZlibCompressedWithTheSysFlagBits() {
        byte[] body = new byte[4096];
        Arrays.fill(body, (byte) 'x');
        Message m = new Message("T", body);
        OutgoingMessage out = OutgoingMessage.single(m, options, ids);

        assertThat(out.body().length).isLessThan(body.length);
        assertThat(Compression.ZLIB.decompress(out.body())).isEqualTo(body);
        assertThat(MessageSysFlag.isCompressed(out.sysFlag())).isTrue();
        assertThat(MessageSysFlag.compression(out.sysFlag())).isEqualTo(Compression.ZLIB);
        assertThat(out.sysFlag() & MessageSysFlag.COMPRESSION_TYPE_MASK)
                .isEqualTo(MessageSysFlag.COMPRESSION_ZLIB_TYPE);
        assertThat(m.getBody()).as("the caller's body is left alone").isSameAs(body);
    }

    @Test
    void anExistingUniqKeyIsKeptAndHalfMessagesArePrepared() {
        Message m = new Message("T", new byte[] {1});
        m.putProperty("UNIQ_KEY", "MYID");
        m.putProperty("TRAN_MSG", "true");
        OutgoingMessage out = OutgoingMessage.single(m, options, ids);
        assertThat(out.msgId()).isEqualTo("MYID");
        assertThat(MessageSysFlag.transactionType(out.sysFlag())).isEqualTo(MessageSysFlag.TRANSACTION_PREPARED_TYPE);
    }

    @Test
    void invalidMessagesAreRejectedBeforeSending() {
        assertThatThrownBy(() -> OutgoingMessage.single(new Message("bad topic", new byte[1]), options, ids))
                .isInstanceOf(FatalClientException.class)
                .hasMessageContaining("illegal character");
        assertThatThrownBy(() -> OutgoingMessage.single(new Message("TBW102", new byte[1]), options, ids))
                .hasMessageContaining("system topic");
        assertThatThrownBy(() -> OutgoingMessage.single(new Message("T", new byte[0]), options, ids))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> OutgoingMessage.single(new Message("T", null), options, ids))
                .hasMessageContaining("null");
        assertThatThrownBy(() -> OutgoingMessage.single(new Message("T", new byte[4 * 1024 * 1024 + 1]), options, ids))
                .isInstanceOf(FatalClientException.class)
                .hasMessageContaining("4194305 bytes, over the maximum of 4194304")
                .hasMessageContaining("topic=T");
    }

    @Test
    void aBatchIsEncodedWithOneIdPerMessage() {
        List<Message> batch = List.of(new Message("T", new byte[] {1}), new Message("T", new byte[] {2, 3}));
        OutgoingMessage out = OutgoingMessage.batch(batch, options, ids);

        assertThat(out.batch()).isTrue();
        assertThat(out.msgId())
                .isEqualTo(batch.get(0).getUniqKey() + "," + batch.get(1).getUniqKey());
        List<Message> decoded = BatchCodec.decode(ByteBuffer.wrap(out.body()));
        assertThat(decoded).extracting(Message::getBody).containsExactly(new byte[] {1}, new byte[] {2, 3});

        RemotingCommand request = out.request("PG", new MessageQueue("T", "b", 3), options);
        assertThat(request.code()).isEqualTo(RequestCode.SEND_BATCH_MESSAGE.code());
        SendMessageRequestHeaderV2 h = SendMessageRequestHeaderV2.decode(request.extFields());
        assertThat(h.batch()).isTrue();
        assertThat(h.queueId()).isEqualTo(3);
        assertThat(h.defaultTopic()).isEqualTo("TBW102");
        assertThat(h.brokerName()).isEqualTo("b");
    }

    @Test
    void batchesRejectMixedTopicsDelaysAndOversize() {
        assertThatThrownBy(() -> OutgoingMessage.batch(
                        List.of(new Message("T", new byte[1]), new Message("U", new byte[1])), options, ids))
                .hasMessageContaining("must have topic T");
        Message delayed = new Message("T", new byte[1]);
        delayed.setDelayTimeLevel(3);
        assertThatThrownBy(() -> OutgoingMessage.batch(List.of(delayed), options, ids))
                .hasMessageContaining("delayed");
        ProducerOptions small = options.withMaxMessageBytes(100);
        assertThatThrownBy(() -> OutgoingMessage.batch(
                        List.of(new Message("T", new byte[60]), new Message("T", new byte[60])), small, ids))
                .hasMessageContaining("over the maximum of 100");
    }

    @Test
    void hashSelectorKeepsAKeyOnOneQueue() {
        List<MessageQueue> queues =
                List.of(new MessageQueue("T", "a", 0), new MessageQueue("T", "a", 1), new MessageQueue("T", "a", 2));
        QueueSelector s = QueueSelector.byHash();
        for (String key : List.of("order-1", "order-2", "x", "")) {
            MessageQueue first = s.select(queues, null, key);
            assertThat(s.select(queues, null, key)).isEqualTo(first);
            assertThat(first.queueId()).isEqualTo(Math.floorMod(key.hashCode(), 3));
        }
        assertThat(s.select(queues, null, Integer.MIN_VALUE)).isIn(queues);
    }
}
