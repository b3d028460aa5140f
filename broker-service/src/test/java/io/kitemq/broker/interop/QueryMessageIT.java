package io.kitemq.broker.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.EmbeddedCluster;
import io.kitemq.store.FlushMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.client.QueryResult;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding messages through the official 5.5.0 client's query API against our broker: by business key
 * (QUERY_MESSAGE over the index), by the broker's offsetMsgId (VIEW_MESSAGE_BY_ID at the decoded CommitLog
 * offset) and by the client's message id (QUERY_MESSAGE with the unique-key flag). Each must find exactly
 * the message sent, with its body, keys and ids.
 */
class QueryMessageIT {

    private static final String TOPIC = "QueryByKey";
    private static final int COUNT = 20;

    @TempDir
    static Path dir;

    static EmbeddedCluster cluster;
    static OfficialClients clients;
    static DefaultMQProducer producer;
    static final Map<Integer, SendResult> sent = new HashMap<>();
    static long begin;

    @BeforeAll
    static void start() throws Exception {
        cluster = new EmbeddedCluster(dir, FlushMode.ASYNC);
        clients = new OfficialClients(cluster);
        producer = clients.producer("p-query");
        Topics.create(cluster, TOPIC, 4);
        begin = System.currentTimeMillis() - 60_000;
        for (int i = 0; i < COUNT; i++) {
            Message m = new Message(TOPIC, "TagA", ("query-" + i).getBytes(StandardCharsets.UTF_8));
            m.setKeys(List.of("order-" + i, "shared-key"));
            SendResult r = producer.send(m);
            assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            sent.put(i, r);
        }
    }

    @AfterAll
    static void stop() {
        clients.close();
        cluster.close();
    }

    static long end() {
        return System.currentTimeMillis() + 60_000;
    }

    @Test
    void aUniqueKeyFindsExactlyItsMessage() {
        // the index is written by the store's dispatcher, just after the send was acknowledged
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> !producer.queryMessage(TOPIC, "order-7", 32, begin, end())
                        .getMessageList()
                        .isEmpty());
        QueryResult r = query("order-7");
        assertThat(r.getMessageList()).hasSize(1);
        MessageExt m = r.getMessageList().get(0);
        assertThat(Deliveries.body(m)).isEqualTo("query-7");
        assertThat(m.getKeys().split(" ")).containsExactlyInAnyOrder("order-7", "shared-key");
        assertThat(m.getMsgId()).isEqualTo(sent.get(7).getMsgId());
        assertThat(m.getQueueId()).isEqualTo(sent.get(7).getMessageQueue().getQueueId());
        assertThat(m.getQueueOffset()).isEqualTo(sent.get(7).getQueueOffset());
    }

    @Test
    void aSharedKeyFindsEveryMessageCarryingIt() {
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> producer.queryMessage(TOPIC, "shared-key", 32, begin, end())
                                .getMessageList()
                                .size()
                        == COUNT);
        assertThat(query("shared-key").getMessageList())
                .extracting(Deliveries::body)
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, COUNT)
                        .mapToObj(i -> "query-" + i)
                        .toList());
    }

    @Test
    void anUnknownKeyFindsNothing() {
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> !producer.queryMessage(TOPIC, "order-0", 32, begin, end())
                        .getMessageList()
                        .isEmpty());
        assertThatThrownBy(() -> producer.queryMessage(TOPIC, "order-404", 32, begin, end()))
                .isInstanceOf(MQClientException.class)
                .hasMessageContaining("no message");
    }

    @Test
    void theOffsetMsgIdLeadsToTheStoredMessage() throws Exception {
        SendResult r = sent.get(3);
        MessageExt m = producer.viewMessage(TOPIC, r.getOffsetMsgId());
        assertThat(Deliveries.body(m)).isEqualTo("query-3");
        assertThat(m.getMsgId()).isEqualTo(r.getMsgId());
        assertThat(m.getTopic()).isEqualTo(TOPIC);
        assertThat(m.getQueueOffset()).isEqualTo(r.getQueueOffset());
    }

    @Test
    void theClientMsgIdFindsItsMessage() throws Exception {
        SendResult r = sent.get(11);
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> producer.getDefaultMQProducerImpl().queryMessageByUniqKey(TOPIC, r.getMsgId()) != null);
        MessageExt m = producer.getDefaultMQProducerImpl().queryMessageByUniqKey(TOPIC, r.getMsgId());
        assertThat(Deliveries.body(m)).isEqualTo("query-11");
        assertThat(m.getMsgId()).isEqualTo(r.getMsgId());
    }

    private static QueryResult query(String key) {
        try {
            return producer.queryMessage(TOPIC, key, 32, begin, end());
        } catch (MQClientException | InterruptedException e) {
            throw new AssertionError("query by key " + key + " failed", e);
        }
    }
}
