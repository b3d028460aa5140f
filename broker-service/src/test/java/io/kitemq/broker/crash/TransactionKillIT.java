package io.kitemq.broker.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.nameserver.NameServer;
import io.kitemq.nameserver.NameServerConfig;
import io.kitemq.nameserver.handler.NameServerMetrics;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetMaxOffsetRequestHeader;
import io.kitemq.remoting.ClientConfig;
import io.kitemq.remoting.RemotingClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Half messages undecided when the broker process is killed with SIGKILL are found again after the
 * restart and checked back with the (reconnected) official 5.5.0 transactional producer: those it commits
 * reach the consumer exactly once, those it rolls back never. The broker checks after 1 s, every second.
 */
class TransactionKillIT {

    private static final String TOPIC = "TxKillTopic";
    private static final int HALVES = 10;

    @TempDir
    Path dir;

    @Test
    void pendingHalfMessagesAreCheckedAndResolvedAfterKillMinus9() throws Exception {
        NameServer ns = new NameServer(
                        NameServerConfig.defaults(dir.resolve("ns")).withListen("127.0.0.1", 0),
                        InstantSource.system(),
                        NameServerMetrics.NONE)
                .start();
        String nsAddr = "127.0.0.1:" + ns.port();
        int port = BrokerProcess.freePort();
        Path store = dir.resolve("broker");
        List<String> fastChecks =
                List.of("--kitemq.broker.transaction.timeout=1s", "--kitemq.broker.transaction.check-interval=1s");
        BrokerProcess broker =
                BrokerProcess.start(store, nsAddr, port, "SYNC", dir.resolve("broker-1.log"), fastChecks);
        AtomicBoolean decide = new AtomicBoolean(false);
        Set<String> checkedAfterRestart = ConcurrentHashMap.newKeySet();
        AtomicInteger checksBefore = new AtomicInteger();
        TransactionMQProducer producer = new TransactionMQProducer("kill-tx-p");
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("kill-tx-c");
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        AtomicInteger deliveries = new AtomicInteger();
        try {
            producer.setNamesrvAddr(nsAddr);
            producer.setInstanceName("kill-tx-p-" + System.nanoTime());
            producer.setHeartbeatBrokerInterval(1000);
            producer.setPollNameServerInterval(1000);
            producer.setTransactionListener(new TransactionListener() {
                @Override
                public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                    return LocalTransactionState.UNKNOW;
                }

                @Override
                public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                    if (!decide.get()) {
                        checksBefore.incrementAndGet();
                        return LocalTransactionState.UNKNOW;
                    }
                    String body = new String(msg.getBody(), StandardCharsets.UTF_8);
                    checkedAfterRestart.add(body);
                    return Integer.parseInt(body.substring(3)) % 2 == 0
                            ? LocalTransactionState.COMMIT_MESSAGE
                            : LocalTransactionState.ROLLBACK_MESSAGE;
                }
            });
            producer.start();
            // the port opens before the broker has registered: wait for the route of the auto-create template
            await().atMost(Duration.ofSeconds(30)).until(() -> ns.routes().route("TBW102", null) != null);
            for (int i = 0; i < HALVES; i++) {
                Message m = new Message(TOPIC, ("tx-" + i).getBytes(StandardCharsets.UTF_8));
                assertThat(producer.sendMessageInTransaction(m, null).getSendStatus())
                        .isEqualTo(SendStatus.SEND_OK);
            }
            // the broker has begun checking: undecided so far
            await().atMost(Duration.ofSeconds(30)).until(() -> checksBefore.get() >= HALVES);
            broker.kill();
            decide.set(true);
            broker = BrokerProcess.start(store, nsAddr, port, "SYNC", dir.resolve("broker-2.log"), fastChecks);
            consumer.setNamesrvAddr(nsAddr);
            consumer.setInstanceName("kill-tx-c-" + System.nanoTime());
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.setHeartbeatBrokerInterval(1000);
            consumer.setPollNameServerInterval(1000);
            consumer.subscribe(TOPIC, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
                for (MessageExt m : msgs) {
                    consumed.add(new String(m.getBody(), StandardCharsets.UTF_8));
                    deliveries.incrementAndGet();
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();

            Set<String> even = Set.of("tx-0", "tx-2", "tx-4", "tx-6", "tx-8");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> checkedAfterRestart.size() == HALVES && consumed.containsAll(even));
            BrokerProcess restarted = broker;
            assertThat(storedInTopic(restarted))
                    .as("only the committed ones are in the topic")
                    .isEqualTo(even.size());
            assertThat(consumed).isEqualTo(even);
            assertThat(deliveries.get()).isEqualTo(even.size());
        } finally {
            consumer.shutdown();
            producer.shutdown();
            broker.close();
            ns.close();
        }
    }

    private static long storedInTopic(BrokerProcess broker) {
        long total = 0;
        try (RemotingClient client = new RemotingClient(ClientConfig.defaults("tx-kill-probe"))) {
            for (int q = 0; q < 4; q++) {
                RemotingCommand max = client.invokeSync(
                        broker.address(),
                        RemotingCommand.request(
                                RequestCode.GET_MAX_OFFSET.code(),
                                new GetMaxOffsetRequestHeader(TOPIC, q, false, null)),
                        Duration.ofSeconds(3));
                total += Long.parseLong(max.extField("offset"));
            }
        }
        return total;
    }
}
