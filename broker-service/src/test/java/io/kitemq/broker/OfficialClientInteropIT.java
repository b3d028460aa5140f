package io.kitemq.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.store.FlushMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official Apache RocketMQ 5.5.0 Java client against our NameServer and Broker. */
class OfficialClientInteropIT {

    @TempDir
    Path dir;

    EmbeddedCluster cluster;
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = new EmbeddedCluster(dir, FlushMode.ASYNC);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        cluster.close();
    }

    DefaultMQProducer producer(String group) throws Exception {
        DefaultMQProducer p = new DefaultMQProducer(group);
        p.setNamesrvAddr(cluster.nameServerAddress());
        p.setInstanceName(group + "-" + System.nanoTime());
        p.start();
        closeables.add(p::shutdown);
        return p;
    }

    DefaultMQPushConsumer consumer(String group, String topic, String tags, Set<String> received) throws Exception {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        c.setNamesrvAddr(cluster.nameServerAddress());
        c.setInstanceName(group + "-" + System.nanoTime());
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(topic, tags);
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                received.add(new String(m.getBody(), StandardCharsets.UTF_8));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        closeables.add(c::shutdown);
        return c;
    }

    @Test
    void syncSendThenPushConsumeEverything() throws Exception {
        DefaultMQProducer producer = producer("p-sync");
        Set<String> sent = new java.util.TreeSet<>();
        for (int i = 0; i < 200; i++) {
            SendResult r =
                    producer.send(new Message("InteropSync", "TagA", ("m" + i).getBytes(StandardCharsets.UTF_8)));
            assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            sent.add("m" + i);
        }
        Set<String> received = ConcurrentHashMap.newKeySet();
        consumer("c-sync", "InteropSync", "*", received);
        await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == sent.size());
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
    }
}
