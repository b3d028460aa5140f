package io.kitemq.test.consumer;

import static io.kitemq.test.consumer.ConsumerFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kitemq.client.FatalClientException;
import io.kitemq.client.litepull.LitePullConfig;
import io.kitemq.client.litepull.LitePullConsumer;
import io.kitemq.protocol.body.ConsumeFromWhere;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageQueue;
import io.kitemq.test.EmbeddedKiteMq;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our lite pull consumer end to end against the embedded KiteMQ NameServer + Broker. */
class LitePullConsumerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static EmbeddedKiteMq mq;
    static ConsumerFixture fx;

    @BeforeAll
    static void start() {
        mq = EmbeddedKiteMq.start(dir.resolve("mq"));
        fx = new ConsumerFixture(mq.nameServerAddress(), mq.brokerAddress(), dir.resolve("offsets"));
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
        if (mq != null) {
            mq.close();
        }
    }

    private static LitePullConfig config(String group) {
        return LitePullConfig.defaults(group)
                .withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                .withAutoCommit(null)
                .withRebalanceInterval(Duration.ofSeconds(1))
                .withLongPoll(Duration.ofSeconds(1), Duration.ofSeconds(3));
    }

    private static List<MessageExt> pollUntil(LitePullConsumer c, int count) {
        List<MessageExt> got = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            got.addAll(c.poll(Duration.ofMillis(200)));
            return got.size() >= count;
        });
        return got;
    }

    private static Set<String> bodies(List<MessageExt> ms) {
        Set<String> out = new HashSet<>();
        ms.forEach(m -> out.add(body(m)));
        return out;
    }

    @Test
    void subscribePollsEverythingAndManualCommitSurvivesRestart() {
        String topic = fx.topic("LiteSubscribe", 4);
        List<String> first = fx.send(topic, "t", "s", 40);
        try (LitePullConsumer c = LitePullConsumer.start(fx.client, config("g-lite-sub"))) {
            c.subscribe(topic, "*");
            assertThat(bodies(pollUntil(c, 40))).containsExactlyInAnyOrderElementsOf(first);
            c.commitSync();
            assertThat(c.assignment()).hasSize(4);
            assertThat(c.assignment().stream().mapToLong(c::committed).sum()).isEqualTo(40);
        }
        List<String> second = fx.send(topic, "t", "s2-", 20);
        try (LitePullConsumer c = LitePullConsumer.start(fx.client, config("g-lite-sub"))) {
            c.subscribe(topic, "*");
            List<MessageExt> got = pollUntil(c, 20);
            assertThat(c.poll(Duration.ofMillis(300))).isEmpty();
            assertThat(bodies(got)).containsExactlyInAnyOrderElementsOf(second);
        }
    }

    @Test
    void assignSeekAndTimestamps() {
        String topic = fx.topic("LiteAssign", 2);
        List<String> sent = fx.send(topic, "t", "a", 20);
        try (LitePullConsumer c = LitePullConsumer.start(fx.client, config("g-lite-assign"))) {
            MessageQueue q0 = c.fetchQueues(topic).get(0);
            c.assign(List.of(q0));
            assertThat(c.assignment()).containsExactly(q0);
            List<MessageExt> all = pollUntil(c, 10);
            assertThat(all).extracting(MessageExt::getQueueId).containsOnly(q0.queueId());
            assertThat(all)
                    .extracting(MessageExt::getQueueOffset)
                    .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);

            c.seek(q0, 7);
            List<MessageExt> fromSeven = pollUntil(c, 3);
            assertThat(fromSeven).extracting(MessageExt::getQueueOffset).containsExactly(7L, 8L, 9L);

            c.seekToBeginning(q0);
            assertThat(pollUntil(c, 10)).extracting(MessageExt::getQueueOffset).startsWith(0L);

            c.seekToEnd(q0);
            assertThat(c.poll(Duration.ofMillis(300))).isEmpty();

            long stamp = all.get(5).getStoreTimestamp();
            long byTime = c.offsetForTimestamp(q0, stamp);
            assertThat(byTime).isBetween(0L, 5L);
            c.seekToTimestamp(q0, stamp);
            assertThat(pollUntil(c, 1).get(0).getQueueOffset()).isEqualTo(byTime);

            c.seek(q0, 4);
            c.commitSync();
            assertThat(c.committed(q0)).isEqualTo(4);

            MessageQueue notMine = c.fetchQueues(topic).get(1);
            assertThatThrownBy(() -> c.seek(notMine, 0)).isInstanceOf(FatalClientException.class);
            assertThatThrownBy(() -> c.seek(q0, 1_000)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.subscribe(topic, "*")).isInstanceOf(IllegalStateException.class);
        }
        assertThat(sent).hasSize(20);
    }

    @Test
    void autoCommitCommitsPolledOffsets() {
        String topic = fx.topic("LiteAutoCommit", 1);
        fx.send(topic, "t", "x", 5);
        try (LitePullConsumer c =
                LitePullConsumer.start(fx.client, config("g-lite-auto").withAutoCommit(Duration.ofMillis(200)))) {
            MessageQueue q = c.fetchQueues(topic).get(0);
            c.assign(List.of(q));
            pollUntil(c, 5);
            await().atMost(WAIT).until(() -> c.committed(q) == 5);
        }
    }
}
