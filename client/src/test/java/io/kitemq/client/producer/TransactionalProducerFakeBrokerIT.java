package io.kitemq.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.client.core.ClientOptions;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.BrokerData;
import io.kitemq.protocol.body.QueueData;
import io.kitemq.protocol.body.TopicRouteData;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.CheckTransactionStateRequestHeader;
import io.kitemq.protocol.header.EndTransactionRequestHeader;
import io.kitemq.protocol.header.SendMessageRequestHeaderV2;
import io.kitemq.protocol.header.SendMessageResponseHeader;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageProperties;
import io.kitemq.protocol.message.MessageSysFlag;
import io.kitemq.protocol.message.OffsetMsgId;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RemotingServer;
import io.kitemq.remoting.ServerConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wire side of the transactional producer against a fake NameServer + broker: the half message's
 * flags and properties, the END_TRANSACTION that follows the local transaction, and the answer to a
 * CHECK_TRANSACTION_STATE the broker sends back.
 */
class TransactionalProducerFakeBrokerIT {

    RemotingServer server;
    String address;
    final List<RemotingCommand> sends = new CopyOnWriteArrayList<>();
    final List<EndTransactionRequestHeader> ends = new CopyOnWriteArrayList<>();
    final AtomicReference<RemotingPeer> producerPeer = new AtomicReference<>();

    @BeforeEach
    void start() {
        server = new RemotingServer(ServerConfig.defaults("fake", 0).withBindAddress("127.0.0.1"));
        server.registerHandler(RequestCode.GET_ROUTEINFO_BY_TOPIC.code(), (peer, request) -> {
            TopicRouteData route = new TopicRouteData(
                    List.of(new QueueData("a", 1, 1, 6, 0)), List.of(new BrokerData("c", "a", Map.of(0L, address))));
            return RemotingCommand.success().body(BodyCodec.encode(route));
        });
        server.registerHandler(RequestCode.HEART_BEAT.code(), (peer, request) -> {
            producerPeer.set(peer);
            return RemotingCommand.success();
        });
        server.registerHandler(RequestCode.SEND_MESSAGE_V2.code(), (peer, request) -> {
            sends.add(request);
            RemotingCommand response = RemotingCommand.success();
            String offsetMsgId = OffsetMsgId.encode(new InetSocketAddress("127.0.0.1", server.port()), 4242);
            new SendMessageResponseHeader(offsetMsgId, 0, 7, "tx-7", null, null, null, null)
                    .encodeTo(response.extFields());
            return response;
        });
        server.registerHandler(RequestCode.END_TRANSACTION.code(), (peer, request) -> {
            ends.add(EndTransactionRequestHeader.decode(request.extFields()));
            return null;
        });
        server.start();
        address = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void halfMessageThenEndTransactionThenACheckBackIsAnswered() throws Exception {
        AtomicReference<MessageExt> checkedMessage = new AtomicReference<>();
        TransactionListener listener = new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                return LocalTransactionState.COMMIT_MESSAGE;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt message) {
                checkedMessage.set(message);
                return LocalTransactionState.ROLLBACK_MESSAGE;
            }
        };
        try (TransactionalProducer tx =
                TransactionalProducer.start(ClientOptions.of(address), ProducerOptions.of("TXG"), listener)) {
            Message m = new Message("T", "body".getBytes());
            m.setDelayTimeLevel(3);
            TransactionSendResult result = tx.sendInTransaction(m, null);

            SendMessageRequestHeaderV2 half =
                    SendMessageRequestHeaderV2.decode(sends.get(0).extFields());
            assertThat(MessageSysFlag.transactionType(half.sysFlag()))
                    .isEqualTo(MessageSysFlag.TRANSACTION_PREPARED_TYPE);
            assertThat(MessageProperties.decode(half.properties()))
                    .containsEntry("TRAN_MSG", "true")
                    .containsEntry("PGROUP", "TXG")
                    .doesNotContainKey("DELAY");
            await().atMost(Duration.ofSeconds(5)).until(() -> ends.size() == 1);
            EndTransactionRequestHeader end = ends.get(0);
            assertThat(end.commitOrRollback()).isEqualTo(MessageSysFlag.TRANSACTION_COMMIT_TYPE);
            assertThat(end.fromTransactionCheck()).isFalse();
            assertThat(end.msgId()).isEqualTo(result.sendResult().msgId());
            assertThat(end.commitLogOffset()).isEqualTo(4242);
            assertThat(end.tranStateTableOffset()).isEqualTo(7);
            assertThat(end.transactionId()).isEqualTo("tx-7");
            assertThat(end.producerGroup()).isEqualTo("TXG");

            await().atMost(Duration.ofSeconds(10)).until(() -> producerPeer.get() != null);
            producerPeer
                    .get()
                    .invokeOneway(checkRequest(result.sendResult().msgId()))
                    .get();
            await().atMost(Duration.ofSeconds(5)).until(() -> ends.size() == 2);
            EndTransactionRequestHeader answer = ends.get(1);
            assertThat(answer.fromTransactionCheck()).isTrue();
            assertThat(answer.commitOrRollback()).isEqualTo(MessageSysFlag.TRANSACTION_ROLLBACK_TYPE);
            assertThat(answer.msgId()).isEqualTo(result.sendResult().msgId());
            assertThat(answer.commitLogOffset()).isEqualTo(4242);
            assertThat(answer.tranStateTableOffset()).isEqualTo(99);
            assertThat(answer.transactionId()).isEqualTo("tx-7");
            assertThat(checkedMessage.get().getTransactionId()).isEqualTo("tx-7");
            assertThat(new String(checkedMessage.get().getBody())).isEqualTo("body");
        }
    }

    private RemotingCommand checkRequest(String uniqKey) {
        MessageExt half = new MessageExt();
        half.setTopic("T");
        half.setBody("body".getBytes());
        half.putProperty("UNIQ_KEY", uniqKey);
        half.putProperty("PGROUP", "TXG");
        half.putProperty("TRAN_MSG", "true");
        half.setBornHost(new InetSocketAddress("127.0.0.1", 1));
        half.setStoreHost(new InetSocketAddress("127.0.0.1", server.port()));
        half.setCommitLogOffset(4242);
        RemotingCommand check = RemotingCommand.request(
                RequestCode.CHECK_TRANSACTION_STATE.code(),
                new CheckTransactionStateRequestHeader("T", 99, 4242, uniqKey, "tx-7", null));
        return check.body(StoredMessageCodec.toBytes(half)).markOneway();
    }
}
