package io.kitemq.broker.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.nameserver.NameServer;
import io.kitemq.nameserver.NameServerConfig;
import io.kitemq.nameserver.handler.NameServerMetrics;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetMaxOffsetRequestHeader;
import io.kitemq.protocol.header.QueryConsumerOffsetRequestHeader;
import io.kitemq.remoting.ClientConfig;
import io.kitemq.remoting.RemotingClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our broker as a real process with SYNC flush, the official client producing and consuming: the broker
 * is killed with SIGKILL in the middle and restarted on the same data; every message whose send was
 * acknowledged is consumed in the end, and the consumer resumes from its committed offsets (it does not
 * start over).
 */
class BrokerKillIT {

    @TempDir
    Path dir;

    @Test
    void acknowledgedMessagesSurviveKillMinus9AndConsumersResume() throws Exception {
        NameServer ns = new NameServer(
                        NameServerConfig.defaults(dir.resolve("ns")).withListen("127.0.0.1", 0),
                        InstantSource.system(),
                        NameServerMetrics.NONE)
                .start();
        String nsAddr = "127.0.0.1:" + ns.port();
        int port = BrokerProcess.freePort();
        Path store = dir.resolve("broker");
        BrokerProcess broker = BrokerProcess.start(store, nsAddr, port, "SYNC", dir.resolve("broker-1.log"));
        DefaultMQProducer producer = new DefaultMQProducer("kill-p");
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("kill-c");
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        AtomicInteger deliveries = new AtomicInteger();
        try {
            producer.setNamesrvAddr(nsAddr);
            producer.setInstanceName("kill-p-" + System.nanoTime());
            producer.setSendMsgTimeout(3000);
            producer.start();
            consumer.setNamesrvAddr(nsAddr);
            consumer.setInstanceName("kill-c-" + System.nanoTime());
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.setPersistConsumerOffsetInterval(500);
            consumer.subscribe("KillTopic", "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
                for (MessageExt m : msgs) {
                    consumed.add(new String(m.getBody(), StandardCharsets.UTF_8));
                    deliveries.incrementAndGet();
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            sendSome(producer, acked, 0, 300);
            consumer.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> consumed.containsAll(acked));
            // let the consumer commit its offsets, then kill the broker mid-stream
            BrokerProcess first = broker;
            await().atMost(Duration.ofSeconds(30)).until(() -> committedOffsetsReachedEnd(first));
            sendSome(producer, acked, 300, 400);
            broker.kill();
            broker = BrokerProcess.start(store, nsAddr, port, "SYNC", dir.resolve("broker-2.log"));
            sendSome(producer, acked, 400, 600);
            await().atMost(Duration.ofSeconds(90)).until(() -> consumed.containsAll(acked));
            assertThat(consumed).containsAll(acked);
            // resumed from committed offsets: at most the messages after the last commit come twice
            assertThat(deliveries.get()).isLessThan(acked.size() + 300);
        } finally {
            consumer.shutdown();
            producer.shutdown();
            broker.close();
            ns.close();
        }
    }

    /** Whether the group's committed offset equals the max offset on every queue of the topic. */
    private static boolean committedOffsetsReachedEnd(BrokerProcess broker) {
        try (RemotingClient client = new RemotingClient(ClientConfig.defaults("kill-probe"))) {
            for (int q = 0; q < 4; q++) {
                RemotingCommand max = client.invokeSync(
                        broker.address(),
                        RemotingCommand.request(
                                RequestCode.GET_MAX_OFFSET.code(),
                                new GetMaxOffsetRequestHeader("KillTopic", q, false, null)),
                        Duration.ofSeconds(3));
                RemotingCommand committed = client.invokeSync(
                        broker.address(),
                        RemotingCommand.request(
                                RequestCode.QUERY_CONSUMER_OFFSET.code(),
                                new QueryConsumerOffsetRequestHeader("kill-c", "KillTopic", q, null, null)),
                        Duration.ofSeconds(3));
                if (committed.code() != 0 || !committed.extField("offset").equals(max.extField("offset"))) {
                    return false;
                }
            }
            return true;
        }
    }

    private static void sendSome(DefaultMQProducer producer, Set<String> acked, int from, int to) {
        for (int i = from; i < to; i++) {
            String body = "k" + i;
            try {
                SendResult r = producer.send(new Message("KillTopic", body.getBytes(StandardCharsets.UTF_8)));
                if (r.getSendStatus() == SendStatus.SEND_OK) {
                    acked.add(body);
                }
            } catch (Exception e) {
                // not acknowledged: the producer may retry after the restart; only acknowledged ones count
            }
        }
    }
}
