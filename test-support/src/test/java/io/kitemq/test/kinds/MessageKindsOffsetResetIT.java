package io.kitemq.test.kinds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.client.admin.GroupAdmin;
import io.kitemq.client.consumer.ConsumeResult;
import io.kitemq.client.consumer.PushConsumer;
import io.kitemq.client.consumer.Subscription;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offsets reset by the admin client while our push consumer is online: the broker commits the new
 * offsets and tells the consumer (RESET_CONSUMER_CLIENT_OFFSET), which continues from there — to the
 * earliest offset it consumes everything again; to a timestamp, exactly the messages stored since.
 */
class MessageKindsOffsetResetIT {

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
    void onlineConsumerContinuesFromTheResetPosition() {
        String topic = fx.topic("KindsReset", 2);
        String group = "kinds-reset";
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        AtomicLong lastStored = new AtomicLong();
        PushConsumer consumer = fx.consumer(fx.config(group), Subscription.all(topic), (messages, context) -> {
            for (MessageExt m : messages) {
                counts.computeIfAbsent(body(m), k -> new AtomicInteger()).incrementAndGet();
                lastStored.accumulateAndGet(m.getStoreTimestamp(), Math::max);
            }
            return ConsumeResult.SUCCESS;
        });
        send(topic, "first-", 10);
        await().atMost(KindsFixture.WAIT).until(() -> counts.size() == 10 && consumed(consumer, topic) == 10);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));

        Map<?, Long> earliest = fx.admin.groups().resetOffsets(group, topic, GroupAdmin.EARLIEST);
        assertThat(earliest.values()).containsOnly(0L);
        await().atMost(KindsFixture.WAIT)
                .until(() -> counts.values().stream().allMatch(n -> n.get() == 2) && consumed(consumer, topic) == 10);

        long since = lastStored.get() + 1;
        await().atMost(KindsFixture.WAIT).until(() -> System.currentTimeMillis() > since);
        send(topic, "second-", 6);
        await().atMost(KindsFixture.WAIT).until(() -> counts.size() == 16 && consumed(consumer, topic) == 16);

        fx.admin.groups().resetOffsets(group, topic, since);
        await().atMost(KindsFixture.WAIT)
                .until(() -> counts.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("second-"))
                        .allMatch(e -> e.getValue().get() == 2));
        await().atMost(KindsFixture.WAIT).until(() -> consumed(consumer, topic) == 16);
        counts.forEach((body, n) -> assertThat(n.get()).as(body).isEqualTo(2));
        assertThat(counts).hasSize(16);
    }

    @Test
    void resetWhileABatchIsInFlightRestartsFromTheNewPosition() throws Exception {
        String topic = fx.topic("KindsResetBusy", 1);
        String group = "kinds-reset-busy";
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> afterReset = new ConcurrentHashMap<>();
        AtomicBoolean resetDone = new AtomicBoolean();
        PushConsumer consumer = fx.consumer(
                fx.config(group).withConsumeThreads(1).withBatchSizes(32, 1),
                Subscription.all(topic),
                (messages, c) -> {
                    boolean afterResetStarted = resetDone.get();
                    for (MessageExt m : messages) {
                        counts.computeIfAbsent(body(m), k -> new AtomicInteger())
                                .incrementAndGet();
                        if (afterResetStarted) {
                            afterReset
                                    .computeIfAbsent(body(m), k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                        if (body(m).equals("busy-10") && blocked.getCount() > 0) {
                            blocked.countDown();
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                    return ConsumeResult.SUCCESS;
                });
        send(topic, "busy-", 20);
        assertThat(blocked.await(KindsFixture.WAIT.toSeconds(), TimeUnit.SECONDS))
                .isTrue();

        assertThat(consumed(consumer, topic)).isEqualTo(10);
        fx.admin.groups().resetOffsets(group, topic, GroupAdmin.EARLIEST);
        // the broker's notice is oneway: wait until the consumer took it (its in-memory offset is back at 0;
        // nothing is consumed meanwhile, the only listener thread is blocked)
        await().atMost(KindsFixture.WAIT).until(() -> consumed(consumer, topic) == 0);
        resetDone.set(true);
        release.countDown();

        await().atMost(KindsFixture.WAIT).until(() -> afterReset.size() == 20 && consumed(consumer, topic) == 20);
        await().atMost(KindsFixture.WAIT)
                .until(() -> fx.admin.groups().progress(group, topic).totalConsumerOffset() == 20);
        assertThat(counts).hasSize(20);
        // consumed before the reset, then all again from offset 0
        for (int i = 0; i <= 10; i++) {
            assertThat(counts.get("busy-" + i).get()).as("busy-" + i).isGreaterThanOrEqualTo(2);
        }
        // the batches queued behind the blocked one belonged to the dropped queue: none of them ran
        afterReset.forEach((body, n) -> assertThat(n.get()).as(body).isEqualTo(1));
    }

    private static void send(String topic, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            fx.producer.send(new Message(topic, "r", (prefix + i).getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The consumer's next offsets summed over {@code topic}'s queues. */
    private static long consumed(PushConsumer consumer, String topic) {
        return consumer.offsets().entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    private static String body(MessageExt m) {
        return new String(m.getBody(), StandardCharsets.UTF_8);
    }
}
