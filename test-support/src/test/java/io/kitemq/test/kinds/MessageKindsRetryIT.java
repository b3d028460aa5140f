package io.kitemq.test.kinds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.client.admin.DeadLetters;
import io.kitemq.client.admin.PulledMessages;
import io.kitemq.client.admin.ResendResult;
import io.kitemq.client.consumer.ConsumeResult;
import io.kitemq.client.consumer.Subscription;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries with our push consumer: a message its listener keeps failing comes back with reconsumeTimes 0,
 * 1, .. max, then lands in {@code %DLQ%<group>} with its original id; a message consumed at once is not
 * retried. The admin client's dead-letter resend sends it back to its topic, where the group consumes it.
 */
class MessageKindsRetryIT {

    private static final int MAX_RECONSUME = 2;

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

    record Delivery(String id, String topic, int reconsumeTimes, String body) {}

    @Test
    void failedMessageIsRetriedThenDeadLetteredThenResent() {
        String topic = fx.topic("KindsRetry", 2);
        String group = "kinds-retry";
        AtomicBoolean failing = new AtomicBoolean(true);
        Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
        fx.consumer(
                fx.config(group).withMaxReconsumeTimes(MAX_RECONSUME), Subscription.all(topic), (messages, context) -> {
                    boolean poisoned = false;
                    for (MessageExt m : messages) {
                        String body = new String(m.getBody(), StandardCharsets.UTF_8);
                        deliveries.add(new Delivery(m.getUniqKey(), m.getTopic(), m.getReconsumeTimes(), body));
                        poisoned |= body.equals("poison");
                    }
                    return poisoned && failing.get() ? ConsumeResult.RETRY : ConsumeResult.SUCCESS;
                });
        String good = fx.producer
                .send(new Message(topic, "t", "good".getBytes(StandardCharsets.UTF_8)))
                .msgId();
        String poison = fx.producer
                .send(new Message(topic, "t", "poison".getBytes(StandardCharsets.UTF_8)))
                .msgId();

        String dlq = DeadLetters.topicOf(group);
        await().atMost(KindsFixture.WAIT).until(() -> deadLetters(dlq).size() == 1);
        MessageExt dead = deadLetters(dlq).get(0);
        assertThat(dead.getUniqKey()).as("dead letter keeps the message id").isEqualTo(poison);
        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("poison");
        assertThat(deliveries)
                .filteredOn(d -> d.id().equals(poison))
                .extracting(Delivery::reconsumeTimes)
                .as("one delivery per attempt, reconsumeTimes growing")
                .containsExactly(0, 1, 2);
        assertThat(deliveries).allSatisfy(d -> assertThat(d.topic()).isEqualTo(topic));
        assertThat(deliveries).filteredOn(d -> d.id().equals(good)).hasSize(1);

        failing.set(false);
        ResendResult resent = fx.admin.deadLetters().resend(group, 10);
        assertThat(resent.resent()).isEqualTo(1);
        assertThat(resent.resentByTopic()).containsEntry(topic, 1);
        await().atMost(KindsFixture.WAIT)
                .until(() ->
                        deliveries.stream().filter(d -> d.id().equals(poison)).count() == 4);
        assertThat(deliveries).filteredOn(d -> d.id().equals(poison)).last().satisfies(d -> {
            assertThat(d.topic()).isEqualTo(topic);
            assertThat(d.reconsumeTimes()).isZero();
        });
        assertThat(deliveries).hasSize(5);
        assertThat(fx.admin.deadLetters().resend(group, 10).resent())
                .as("a second resend finds nothing new")
                .isZero();
    }

    private static List<MessageExt> deadLetters(String dlq) {
        try {
            PulledMessages read = fx.admin.messages().pull(dlq, "broker-a", 0, 0, 32);
            return read.messages();
        } catch (RuntimeException noDlqYet) {
            return List.of();
        }
    }
}
