package io.kitemq.test.kinds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.client.consumer.ConsumeResult;
import io.kitemq.client.consumer.Subscription;
import io.kitemq.client.producer.LocalTransactionState;
import io.kitemq.client.producer.ProducerOptions;
import io.kitemq.client.producer.TransactionListener;
import io.kitemq.client.producer.TransactionalProducer;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.PropertyKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker restart (clean, new port) while a delayed message, a timed message and an undecided half
 * message are pending: afterwards our clients find the broker again, the delayed and timed messages are
 * delivered once, no earlier than due, and the half message is checked back with our transactional
 * producer and committed, then delivered once.
 */
class MessageKindsRestartIT {

    @TempDir
    static Path dir;

    static KindsFixture fx;

    @BeforeAll
    static void start() {
        fx = new KindsFixture(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void pendingDelayedTimedAndHalfMessagesSurviveARestart() {
        String topic = fx.topic("KindsRestart", 2);
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        Map<String, Long> firstAt = new ConcurrentHashMap<>();
        fx.consumer(fx.config("kinds-restart"), Subscription.all(topic), (messages, context) -> {
            long now = System.currentTimeMillis();
            for (MessageExt m : messages) {
                firstAt.putIfAbsent(m.getUniqKey(), now);
                counts.computeIfAbsent(m.getUniqKey(), k -> new AtomicInteger()).incrementAndGet();
            }
            return ConsumeResult.SUCCESS;
        });
        Set<String> checked = ConcurrentHashMap.newKeySet();
        TransactionalProducer tx = fx.closeLater(TransactionalProducer.start(
                fx.client, ProducerOptions.of("kinds-restart-tx"), new TransactionListener() {
                    @Override
                    public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                        return LocalTransactionState.UNKNOW;
                    }

                    @Override
                    public LocalTransactionState checkLocalTransaction(MessageExt message) {
                        checked.add(message.getUniqKey());
                        return LocalTransactionState.COMMIT_MESSAGE;
                    }
                }));

        Message delayed = new Message(topic, "d", "delayed".getBytes(StandardCharsets.UTF_8));
        delayed.setDelayTimeLevel(2);
        long delayedDue = System.currentTimeMillis() + 2_000;
        String delayedId = fx.producer.send(delayed).msgId();
        Message timed = new Message(topic, "t", "timed".getBytes(StandardCharsets.UTF_8));
        long timedDue = System.currentTimeMillis() + 3_000;
        timed.setDeliverTimeMs(timedDue);
        String timedId = fx.producer.send(timed).msgId();
        Message half = new Message(topic, "h", "half".getBytes(StandardCharsets.UTF_8));
        half.putProperty(PropertyKeys.PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS, "3");
        String halfId = tx.sendInTransaction(half, null).sendResult().msgId();

        fx.mq.restartBroker();

        await().atMost(KindsFixture.WAIT).until(() -> firstAt.keySet().containsAll(Set.of(delayedId, timedId, halfId)));
        assertThat(firstAt.get(delayedId)).isGreaterThanOrEqualTo(delayedDue);
        assertThat(firstAt.get(timedId)).isGreaterThanOrEqualTo(timedDue);
        assertThat(checked).contains(halfId);
        await().atMost(KindsFixture.WAIT)
                .until(() -> fx.mq.broker().transactions().pendingCount() == 0);
        assertThat(fx.stored(topic)).isEqualTo(3);
        assertThat(counts.keySet()).containsExactlyInAnyOrder(delayedId, timedId, halfId);
        counts.forEach((id, n) -> assertThat(n.get()).as("deliveries of " + id).isEqualTo(1));
    }
}
