import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Runs in a child JVM on the official RocketMQ 4.x client's classpath (compiled by LegacyClientIT at test
 * time; it cannot share a classpath with the 5.x client): sync-sends N messages, consumes them with a push
 * consumer and prints one summary line for the test to check.
 *
 * <p>Usage: {@code LegacyClientScenario <nameServerAddr> <topic> <count>}
 */
public final class LegacyClientScenario {

    public static void main(String[] args) throws Exception {
        String nameServer = args[0];
        String topic = args[1];
        int count = Integer.parseInt(args[2]);

        DefaultMQProducer producer = new DefaultMQProducer("p-legacy");
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName("p-legacy-" + ProcessHandle.current().pid());
        producer.start();
        int sendOk = 0;
        for (int i = 0; i < count; i++) {
            SendResult r = producer.send(new Message(topic, "TagA", ("legacy-" + i).getBytes(StandardCharsets.UTF_8)));
            if (r.getSendStatus() == SendStatus.SEND_OK) {
                sendOk++;
            }
        }

        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        AtomicInteger unexpected = new AtomicInteger();
        CountDownLatch allDistinct = new CountDownLatch(count);
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("c-legacy");
        consumer.setNamesrvAddr(nameServer);
        consumer.setInstanceName("c-legacy-" + ProcessHandle.current().pid());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setPollNameServerInterval(1000);
        consumer.setHeartbeatBrokerInterval(1000);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                String body = new String(m.getBody(), StandardCharsets.UTF_8);
                if (!body.startsWith("legacy-")) {
                    unexpected.incrementAndGet();
                } else if (received.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet() == 1) {
                    allDistinct.countDown();
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        boolean complete = allDistinct.await(40, TimeUnit.SECONDS);

        int total = received.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.printf("LEGACY-CLIENT version=%s sent=%d sendOk=%d distinct=%d duplicates=%d unexpected=%d complete=%s%n",
                MQVersion.getVersionDesc(MQVersion.CURRENT_VERSION), count, sendOk, received.size(),
                total - received.size(), unexpected.get(), complete);
        System.out.flush();
        consumer.shutdown();
        producer.shutdown();
        System.exit(0);
    }
}
