package io.kitemq.broker.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.BrokerMetrics;
import io.kitemq.broker.client.FakePeer;
import io.kitemq.broker.topic.SystemTopics;
import io.kitemq.broker.topic.TopicTable;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.MissingHeaderFieldException;
import io.kitemq.protocol.header.SendMessageRequestHeader;
import io.kitemq.protocol.header.SendMessageRequestHeaderV2;
import io.kitemq.protocol.header.SendMessageResponseHeader;
import io.kitemq.protocol.message.BatchCodec;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageProperties;
import io.kitemq.store.FlushMode;
import io.kitemq.store.MessageStore;
import io.kitemq.store.StoreConfig;
import io.kitemq.store.StoreMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remoting send handlers over the shared {@link SendPath}, with a fake connection and a real store. */
class SendHandlersTest {

    @TempDir
    Path dir;

    final FakePeer peer = new FakePeer("127.0.0.1:40000");
    MessageStore store;
    SendMessageHandler single;
    SendBatchMessageHandler batch;

    void open(FlushMode mode) {
        store = MessageStore.open(
                StoreConfig.defaults(dir.resolve("store"))
                        .withSegmentBytes(1 << 20, 1000)
                        .withFlushMode(mode),
                InstantSource.system(),
                StoreMetrics.NONE);
        TopicTable topics = TopicTable.open(
                dir.resolve("config"), SystemTopics.of("DefaultCluster", "broker-a", true, 8), InstantSource.system());
        topics.createOrUpdate(new TopicConfig("Orders", 4, 4, TopicConfig.DEFAULT_PERM));
        RemotingSend send =
                new RemotingSend(new SendPath(store, topics, BrokerMetrics.NONE, true, 8, true, "127.0.0.1:10911"));
        single = new SendMessageHandler(send);
        batch = new SendBatchMessageHandler(send);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    static SendMessageRequestHeader header(String topic, int queueId, String properties, Boolean isBatch) {
        return new SendMessageRequestHeader(
                "pg", topic, "TBW102", 4, queueId, 0, 1L, 3, properties, 0, false, isBatch, null, null);
    }

    @Test
    void v1AndV2SendsAnswerWithTheStoredPlace() {
        open(FlushMode.ASYNC);
        RemotingCommand v1 = RemotingCommand.request(
                        RequestCode.SEND_MESSAGE.code(),
                        header("Orders", 1, MessageProperties.encode(Map.of("TAGS", "A")), null))
                .body("one".getBytes(StandardCharsets.UTF_8));
        RemotingCommand v2 = RemotingCommand.request(
                        RequestCode.SEND_MESSAGE_V2.code(),
                        SendMessageRequestHeaderV2.of(header("Orders", 1, null, null)))
                .body("two".getBytes(StandardCharsets.UTF_8));

        RemotingCommand first = single.handle(peer, v1);
        RemotingCommand second = single.handle(peer, v2);

        assertThat(first.code()).isEqualTo(ResponseCode.SUCCESS.code());
        SendMessageResponseHeader h1 = SendMessageResponseHeader.decode(first.extFields());
        SendMessageResponseHeader h2 = SendMessageResponseHeader.decode(second.extFields());
        assertThat(h1.queueId()).isEqualTo(1);
        assertThat(h1.queueOffset()).isZero();
        assertThat(h1.msgId()).hasSize(32);
        assertThat(h1.msgRegion()).isEqualTo("DefaultRegion");
        assertThat(h2.queueOffset()).isEqualTo(1);
    }

    @Test
    void batchAnswersWithCommaJoinedIds() {
        open(FlushMode.ASYNC);
        byte[] body = BatchCodec.encode(
                List.of(new Message("Orders", "a".getBytes()), new Message("Orders", "b".getBytes())));
        RemotingCommand request = RemotingCommand.request(
                        RequestCode.SEND_BATCH_MESSAGE.code(),
                        SendMessageRequestHeaderV2.of(header("Orders", 0, null, true)))
                .body(body);

        RemotingCommand response = batch.handle(peer, request);

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(SendMessageResponseHeader.decode(response.extFields())
                        .msgId()
                        .split(","))
                .hasSize(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.maxOffset("Orders", 0) == 2);
    }

    @Test
    void corruptBatchIsIllegalAndStoresNothing() {
        open(FlushMode.ASYNC);
        byte[] body = BatchCodec.encode(
                List.of(new Message("Orders", "a".getBytes()), new Message("Orders", "b".getBytes())));
        RemotingCommand request = RemotingCommand.request(
                        RequestCode.SEND_BATCH_MESSAGE.code(),
                        SendMessageRequestHeaderV2.of(header("Orders", 0, null, true)))
                .body(Arrays.copyOf(body, body.length - 3));
        long before = store.commitLogMaxOffset();

        RemotingCommand response = batch.handle(peer, request);

        assertThat(response.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL.code());
        assertThat(response.remark()).contains("corrupt batch entry");
        assertThat(store.commitLogMaxOffset()).isEqualTo(before);
    }

    @Test
    void refusalIsAnsweredAtOnce() {
        open(FlushMode.ASYNC);
        RemotingCommand request = RemotingCommand.request(
                        RequestCode.SEND_MESSAGE_V2.code(),
                        SendMessageRequestHeaderV2.of(header("Orders", 9, null, null)))
                .body("x".getBytes());

        RemotingCommand response = single.handle(peer, request);

        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(response.remark()).contains("queueId 9");
    }

    @Test
    void missingRequiredFieldIsNamed() {
        open(FlushMode.ASYNC);
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2.code())
                .extFields(Map.of("a", "pg", "c", "TBW102"))
                .body("x".getBytes());

        assertThatThrownBy(() -> single.handle(peer, request))
                .isInstanceOf(MissingHeaderFieldException.class)
                .hasMessageContaining("'b'");
    }

    @Test
    void syncFlushAnswersWhenTheStoreHasFlushed() throws Exception {
        open(FlushMode.SYNC);
        RemotingCommand request = RemotingCommand.request(
                        RequestCode.SEND_MESSAGE_V2.code(),
                        SendMessageRequestHeaderV2.of(header("Orders", 0, null, null)))
                .body("x".getBytes());

        RemotingCommand immediate = single.handle(peer, request);

        if (immediate == null) {
            await().atMost(Duration.ofSeconds(10)).until(() -> peer.responses.size() == 1);
        }
        RemotingCommand response = immediate == null ? peer.responses.get(0) : immediate;
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(SendMessageResponseHeader.decode(response.extFields()).queueOffset())
                .isZero();
    }
}
