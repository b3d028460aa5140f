package io.kitemq.broker.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.EmbeddedCluster;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.PullMessageRequestHeader;
import io.kitemq.remoting.ClientConfig;
import io.kitemq.remoting.RemotingClient;
import io.kitemq.store.FlushMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL92 subscriptions of the official 5.5.0 push consumer ({@code MessageSelector.bySql}) against our
 * broker. The client does not filter SQL92 itself, so whatever arrives is what the broker let through: it
 * must be exactly the matching messages, whether they were stored before the consumer started or arrived
 * while its pulls were held (long polling). A bad expression keeps the consumer from starting (the broker
 * refuses it at CHECK_CLIENT_CONFIG) and a pull carrying one is refused with SUBSCRIPTION_PARSE_FAILED.
 */
class SqlFilterIT {

    private static final String TOPIC = "SqlFilterTopic";
    private static final String SQL = "a BETWEEN 3 AND 6 AND (TAGS = 'TagA' OR b IS NULL) AND NOT (a = 5)";

    @TempDir
    static Path dir;

    static EmbeddedCluster cluster;
    static OfficialClients clients;
    static DefaultMQProducer producer;

    @BeforeAll
    static void start() throws Exception {
        cluster = new EmbeddedCluster(dir, FlushMode.ASYNC);
        clients = new OfficialClients(cluster);
        Topics.create(cluster, TOPIC, 2);
        producer = clients.producer("p-sql");
    }

    @AfterAll
    static void stop() {
        clients.close();
        cluster.close();
    }

    /** Sends a = 0..9 with tag A or B and b set on the odd ones; returns the bodies {@link #SQL} selects. */
    static Set<String> send(String round) throws Exception {
        Set<String> matching = new HashSet<>();
        for (int a = 0; a < 10; a++) {
            for (String tag : new String[] {"TagA", "TagB"}) {
                String body = round + "-" + a + "-" + tag;
                Message m = new Message(TOPIC, tag, body.getBytes(StandardCharsets.UTF_8));
                m.putUserProperty("a", Integer.toString(a));
                if (a % 2 == 1) {
                    m.putUserProperty("b", "x");
                }
                assertThat(producer.send(m).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                if (a >= 3 && a <= 6 && a != 5 && (tag.equals("TagA") || a % 2 == 0)) {
                    matching.add(body);
                }
            }
        }
        return matching;
    }

    @Test
    void pushConsumerGetsExactlyTheMatchingMessagesStoredAndArriving() throws Exception {
        Set<String> expected = send("before");
        Deliveries got = new Deliveries();
        DefaultMQPushConsumer consumer = clients.pushConsumer("c-sql", TOPIC, MessageSelector.bySql(SQL));
        consumer.registerMessageListener(got.acknowledgingListener());
        consumer.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> got.containsAll(expected));
        expected.addAll(send("after")); // the consumer's pulls are held now: only matching arrivals wake them
        expected.addAll(sendLastToEachQueue());
        await().atMost(Duration.ofSeconds(20)).until(() -> got.containsAll(expected));
        assertThat(got.distinct()).isEqualTo(expected);
        assertThat(got.duplicates()).isZero();
    }

    /**
     * A matching message at the end of each queue: once it arrived, the broker has filtered everything before
     * it in that queue (a queue is read in order), so nothing else can still come.
     */
    private static Set<String> sendLastToEachQueue() throws Exception {
        Set<String> last = new HashSet<>();
        for (int q = 0; q < 2; q++) {
            Message m = new Message(TOPIC, "TagA", ("last-" + q).getBytes(StandardCharsets.UTF_8));
            m.putUserProperty("a", "4");
            MessageQueue queue = new MessageQueue(TOPIC, cluster.broker.config().brokerName(), q);
            assertThat(producer.send(m, queue).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            last.add("last-" + q);
        }
        return last;
    }

    @Test
    void badExpressionKeepsTheConsumerFromStarting() throws Exception {
        DefaultMQPushConsumer consumer = clients.pushConsumer("c-sql-bad", TOPIC, MessageSelector.bySql("a > 'x'"));
        consumer.registerMessageListener(new Deliveries().acknowledgingListener());
        assertThatThrownBy(consumer::start)
                .isInstanceOf(MQClientException.class)
                .hasMessageContaining("'x' cannot be compared with '>'");
    }

    @Test
    void pullWithBadExpressionIsRefused() {
        RemotingClient raw = new RemotingClient(ClientConfig.defaults("interop-raw-sql"));
        try {
            PullMessageRequestHeader h = new PullMessageRequestHeader(
                    "raw-sql", TOPIC, null, 0, 0, 8, 0x4, 0, 0, "a BETWEEN 1", 0, "SQL92", null, null, null, null);
            RemotingCommand r = raw.invokeSync(
                    cluster.broker.address(),
                    RemotingCommand.request(RequestCode.PULL_MESSAGE.code(), h),
                    Duration.ofSeconds(5));
            assertThat(r.code()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED.code());
            assertThat(r.remark()).contains("expected AND but found the end of the expression");
        } finally {
            raw.shutdown();
        }
    }
}
