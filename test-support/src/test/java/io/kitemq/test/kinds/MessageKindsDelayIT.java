package io.kitemq.test.kinds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kitemq.client.FatalClientException;
import io.kitemq.client.consumer.ConcurrentListener;
import io.kitemq.client.consumer.ConsumeContext;
import io.kitemq.client.consumer.ConsumeResult;
import io.kitemq.client.consumer.Subscription;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delayed and timed messages sent by our producer and consumed by our push consumer: each arrives once,
 * no earlier than due (delay levels 1 s and 2 s; TIMER_DELIVER_MS, TIMER_DELAY_SEC and TIMER_DELAY_MS).
 */
class MessageKindsDelayIT {

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

    /** Arrival time (first) and count per message id (UNIQ_KEY). */
    record Arrivals(Map<String, Long> firstAt, Map<String, AtomicInteger> counts) implements ConcurrentListener {
        Arrivals() {
            this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }

        @Override
        public ConsumeResult consume(List<MessageExt> messages, ConsumeContext c) {
            long now = System.currentTimeMillis();
            for (MessageExt m : messages) {
                firstAt.putIfAbsent(m.getUniqKey(), now);
                counts.computeIfAbsent(m.getUniqKey(), k -> new AtomicInteger()).incrementAndGet();
            }
            return ConsumeResult.SUCCESS;
        }

        void assertEachOnceNoEarlierThan(Map<String, Long> due) {
            await().atMost(KindsFixture.WAIT).until(() -> firstAt.keySet().containsAll(due.keySet()));
            due.forEach((id, at) ->
                    assertThat(firstAt.get(id)).as("arrival of " + id).isGreaterThanOrEqualTo(at));
            assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(due.keySet());
            counts.forEach(
                    (id, n) -> assertThat(n.get()).as("deliveries of " + id).isEqualTo(1));
        }
    }

    private static Message message(String topic, String body) {
        return new Message(topic, "delayed", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void delayLevelsArriveOnceNoEarlierThanDue() {
        String topic = fx.topic("KindsDelayLevels", 2);
        Arrivals arrivals = new Arrivals();
        fx.consumer(fx.config("kinds-delay-levels"), Subscription.all(topic), arrivals);
        Map<String, Long> due = new ConcurrentHashMap<>();
        for (int i = 0; i < 6; i++) {
            int level = 1 + i % 2;
            Message m = message(topic, "level-" + level + "-" + i);
            m.setDelayTimeLevel(level);
            long sent = System.currentTimeMillis();
            due.put(fx.producer.send(m).msgId(), sent + level * 1000L);
        }

        arrivals.assertEachOnceNoEarlierThan(due);
        assertThat(fx.stored(topic)).as("messages re-put into the topic").isEqualTo(6);
    }

    @Test
    void timedMessagesArriveOnceNoEarlierThanTheirTime() {
        String topic = fx.topic("KindsTimed", 2);
        Arrivals arrivals = new Arrivals();
        fx.consumer(fx.config("kinds-timed"), Subscription.all(topic), arrivals);
        Map<String, Long> due = new ConcurrentHashMap<>();

        Message at = message(topic, "deliver-at");
        long deliverAt = System.currentTimeMillis() + 2_000;
        at.setDeliverTimeMs(deliverAt);
        due.put(fx.producer.send(at).msgId(), deliverAt);

        Message sec = message(topic, "delay-sec");
        long sentSec = System.currentTimeMillis();
        sec.setDelayTimeSec(1);
        due.put(fx.producer.send(sec).msgId(), sentSec + 1_000);

        Message ms = message(topic, "delay-ms");
        long sentMs = System.currentTimeMillis();
        ms.setDelayTimeMs(1_500);
        due.put(fx.producer.send(ms).msgId(), sentMs + 1_500);

        arrivals.assertEachOnceNoEarlierThan(due);
        assertThat(fx.stored(topic)).isEqualTo(3);
    }

    @Test
    void badDelayValuesFailTheSendWithAClearError() {
        String topic = fx.topic("KindsBadDelays", 1);
        Message negativeLevel = message(topic, "negative-level");
        negativeLevel.setDelayTimeLevel(-1);
        assertThatThrownBy(() -> fx.producer.send(negativeLevel))
                .isInstanceOf(FatalClientException.class)
                .hasMessageContaining("delay level (property DELAY) '-1' is invalid");

        Message negativeSec = message(topic, "negative-sec");
        negativeSec.setDelayTimeSec(-5);
        assertThatThrownBy(() -> fx.producer.send(negativeSec))
                .isInstanceOf(FatalClientException.class)
                .hasMessageContaining("TIMER_DELAY_SEC is negative");

        Message tooFar = message(topic, "too-far");
        tooFar.setDeliverTimeMs(System.currentTimeMillis() + Duration.ofDays(4).toMillis());
        assertThatThrownBy(() -> fx.producer.send(tooFar))
                .isInstanceOf(FatalClientException.class)
                .hasMessageContaining("bigger than the max delay")
                .hasMessageContaining(topic);
        assertThat(fx.stored(topic)).as("nothing stored, no retried send").isZero();
    }
}
