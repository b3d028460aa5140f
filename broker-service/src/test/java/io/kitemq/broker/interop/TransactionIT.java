package io.kitemq.broker.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.EmbeddedCluster;
import io.kitemq.broker.topic.SystemTopics;
import io.kitemq.broker.transaction.TransactionConfig;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.EndTransactionRequestHeader;
import io.kitemq.remoting.ClientConfig;
import io.kitemq.remoting.RemotingClient;
import io.kitemq.store.FlushMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 5.5.0 {@link TransactionMQProducer} against our broker: a local transaction that commits,
 * one that rolls back, and two that answer "unknown" and are decided when the broker checks back (commit,
 * rollback). A committed message reaches the consumer exactly once, a rolled-back one never: the real topic
 * ends up holding exactly the committed messages. The broker checks after 1 s, every second.
 */
class TransactionIT {

    private static final String TOPIC = "TransactionTopic";
    private static final int EACH = 5;

    @TempDir
    static Path dir;

    static EmbeddedCluster cluster;
    static OfficialClients clients;
    static final Map<String, AtomicInteger> checks = new ConcurrentHashMap<>();
    static final Map<String, String> checkTimes = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        cluster = new EmbeddedCluster(
                dir, FlushMode.ASYNC, new TransactionConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), 15));
        clients = new OfficialClients(cluster);
        Topics.create(cluster, TOPIC, 4);
    }

    @AfterAll
    static void stop() {
        clients.close();
        cluster.close();
    }

    /** Decides by the body's prefix: commit-, rollback-, check-commit-, check-rollback-. */
    static final TransactionListener LISTENER = new TransactionListener() {
        @Override
        public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
            String body = new String(msg.getBody(), StandardCharsets.UTF_8);
            if (body.startsWith("commit-")) {
                return LocalTransactionState.COMMIT_MESSAGE;
            }
            if (body.startsWith("rollback-")) {
                return LocalTransactionState.ROLLBACK_MESSAGE;
            }
            return LocalTransactionState.UNKNOW;
        }

        @Override
        public LocalTransactionState checkLocalTransaction(MessageExt msg) {
            String body = new String(msg.getBody(), StandardCharsets.UTF_8);
            checks.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
            checkTimes.put(body, String.valueOf(msg.getProperty("TRANSACTION_CHECK_TIMES")));
            if (!msg.getTopic().equals(TOPIC)) {
                return LocalTransactionState.UNKNOW; // would make the test fail: never decided
            }
            return body.startsWith("check-commit-")
                    ? LocalTransactionState.COMMIT_MESSAGE
                    : LocalTransactionState.ROLLBACK_MESSAGE;
        }
    };

    @Test
    void commitRollbackAndCheckedTransactions() throws Exception {
        Deliveries got = new Deliveries();
        DefaultMQPushConsumer consumer = clients.pushConsumer("c-tx", TOPIC, "*", MessageModel.CLUSTERING);
        consumer.registerMessageListener(got.acknowledgingListener());
        consumer.start();
        TransactionMQProducer producer = clients.transactionProducer("p-tx", LISTENER);

        for (String kind : new String[] {"commit", "rollback", "check-commit", "check-rollback"}) {
            for (int i = 0; i < EACH; i++) {
                Message m = new Message(TOPIC, "TagT", (kind + "-" + i).getBytes(StandardCharsets.UTF_8));
                TransactionSendResult r = producer.sendMessageInTransaction(m, null);
                assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            }
        }
        Set<String> committed = new java.util.HashSet<>();
        for (int i = 0; i < EACH; i++) {
            committed.add("commit-" + i);
            committed.add("check-commit-" + i);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cluster.broker.transactions().pendingCount() == 0 && got.containsAll(committed));

        // the real topic holds exactly the committed messages: nothing rolled back, nothing twice
        long stored = 0;
        for (int q = 0; q < 4; q++) {
            stored += cluster.broker.store().maxOffset(TOPIC, q);
        }
        assertThat(stored).isEqualTo(committed.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> got.total() >= committed.size());
        assertThat(got.distinct()).isEqualTo(committed);
        assertThat(got.duplicates()).isZero();
        assertThat(checks.keySet())
                .as("only the undecided ones are checked")
                .allMatch(b -> b.startsWith("check-"))
                .hasSize(2 * EACH);
        assertThat(checkTimes.values()).allMatch(t -> Integer.parseInt(t) >= 1);
        assertThat(cluster.broker.store().maxOffset(SystemTopics.TRANS_HALF_TOPIC, 0))
                .isEqualTo(4L * EACH);
    }

    @Test
    void endingAnUnknownHalfMessageIsRefusedClearly() {
        RemotingClient raw = new RemotingClient(ClientConfig.defaults("interop-raw-end"));
        try {
            EndTransactionRequestHeader h =
                    new EndTransactionRequestHeader(TOPIC, "p-tx", 0, 123_456_789L, 8, false, "no-such-msg", null);
            RemotingCommand r = raw.invokeSync(
                    cluster.broker.address(),
                    RemotingCommand.request(RequestCode.END_TRANSACTION.code(), h),
                    Duration.ofSeconds(5));
            assertThat(r.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
            assertThat(r.remark())
                    .contains("Find prepared transaction message failed")
                    .contains("123456789");
        } finally {
            raw.shutdown();
        }
    }
}
