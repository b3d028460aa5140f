package io.kitemq.broker.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.BrokerMetrics;
import io.kitemq.broker.schedule.ScheduleConfig;
import io.kitemq.broker.schedule.ScheduleStaging;
import io.kitemq.broker.send.SendOutcome.Verdict;
import io.kitemq.broker.topic.SystemTopics;
import io.kitemq.broker.topic.TopicTable;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.header.SendMessageRequestHeader;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageSysFlag;
import io.kitemq.protocol.message.OffsetMsgId;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.store.MessageStore;
import io.kitemq.store.StoreConfig;
import io.kitemq.store.StoreMetrics;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared send path on a real store and topic table in a temp dir, without sockets. */
class SendPathTest {

    static final long T0 = 1_700_000_000_000L;
    static final InetSocketAddress BORN = new InetSocketAddress("127.0.0.2", 40000);
    static final int MAX_BODY = 1 << 16;

    /** Records what the path reports. */
    static final class RecordingMetrics implements BrokerMetrics {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void messagesIn(String topic, int messages, long bytes, long putLatencyNanos) {
            events.add("in " + topic + " " + messages);
        }

        @Override
        public void sendFailed(String topic, int responseCode) {
            events.add("failed " + topic + " " + responseCode);
        }
    }

    @TempDir
    Path dir;

    final InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(T0));
    final RecordingMetrics metrics = new RecordingMetrics();
    MessageStore store;
    TopicTable topics;

    @BeforeEach
    void open() {
        store = MessageStore.open(
                StoreConfig.defaults(dir.resolve("store"))
                        .withSegmentBytes(1 << 20, 1000)
                        .withMaxMessageBytes(MAX_BODY),
                clock,
                StoreMetrics.NONE);
        topics = TopicTable.open(dir.resolve("config"), SystemTopics.of("DefaultCluster", "broker-a", true, 8), clock);
        topics.createOrUpdate(new TopicConfig("Orders", 4, 4, TopicConfig.DEFAULT_PERM));
    }

    @AfterEach
    void close() {
        store.close();
    }

    SendPath path(boolean writable, boolean autoCreate) {
        return new SendPath(
                store,
                topics,
                metrics,
                writable,
                8,
                autoCreate,
                "127.0.0.1:10911",
                new ScheduleStaging(ScheduleConfig.defaults(), clock));
    }

    SendPath path() {
        return path(true, true);
    }

    static SendMessageRequestHeader header(String topic, int queueId) {
        return header(topic, queueId, 0, 4);
    }

    static SendMessageRequestHeader header(String topic, int queueId, int sysFlag, int defaultTopicQueueNums) {
        return new SendMessageRequestHeader(
                "pg",
                topic,
                "TBW102",
                defaultTopicQueueNums,
                queueId,
                sysFlag,
                T0 - 5,
                0,
                null,
                2,
                null,
                null,
                null,
                null);
    }

    static Message message(String body, Map<String, String> properties) {
        Message m = new Message();
        m.setBody(body.getBytes(StandardCharsets.UTF_8));
        m.setFlag(7);
        m.setProperties(properties);
        return m;
    }

    MessageExt stored(String offsetMsgId) {
        return StoredMessageCodec.decode(
                store.readAt(OffsetMsgId.decode(offsetMsgId).commitLogOffset()), true, false);
    }

    @Test
    void storesOneMessageAsSentAndSaysWhereItWent() {
        SendOutcome o = path().send(BORN, header("Orders", 1), List.of(message("hello", Map.of("TAGS", "A"))))
                .join();

        assertThat(o.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(o.verdict()).isEqualTo(Verdict.STORED);
        assertThat(o.queueId()).isEqualTo(1);
        assertThat(o.queueOffset()).isZero();
        assertThat(o.offsetMsgIds()).hasSize(1);
        assertThat(o.wroteBytes()).isPositive();
        MessageExt m = stored(o.offsetMsgIds().get(0));
        assertThat(m.getTopic()).isEqualTo("Orders");
        assertThat(m.getQueueId()).isEqualTo(1);
        assertThat(new String(m.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(m.getFlag()).isEqualTo(7);
        assertThat(m.getTags()).isEqualTo("A");
        assertThat(m.getBornTimestamp()).isEqualTo(T0 - 5);
        assertThat(m.getReconsumeTimes()).isEqualTo(2);
        assertThat(m.getBornHost()).isEqualTo(BORN);
        assertThat(m.getStoreHost()).isEqualTo(new InetSocketAddress("127.0.0.1", 10911));
        assertThat(metrics.events).containsExactly("in Orders 1");
    }

    @Test
    void batchGoesToOneQueueWithConsecutiveOffsets() {
        List<Message> batch = List.of(message("a", Map.of()), message("b", Map.of()), message("c", Map.of()));
        SendOutcome first = path().send(BORN, header("Orders", 2), batch).join();
        SendOutcome second = path().send(BORN, header("Orders", 2), List.of(message("d", Map.of())))
                .join();

        assertThat(first.queueOffset()).isZero();
        assertThat(first.offsetMsgIds()).hasSize(3).doesNotHaveDuplicates();
        assertThat(first.joinedOffsetMsgIds()).isEqualTo(String.join(",", first.offsetMsgIds()));
        assertThat(first.offsetMsgIds())
                .extracting(id -> new String(stored(id).getBody(), StandardCharsets.UTF_8))
                .containsExactly("a", "b", "c");
        assertThat(second.queueOffset()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.maxOffset("Orders", 2) == 4);
    }

    @Test
    void negativeQueueIdPicksAWriteQueue() {
        for (int i = 0; i < 20; i++) {
            SendOutcome o = path().send(BORN, header("Orders", -1), List.of(message("x", Map.of())))
                    .join();
            assertThat(o.queueId()).isBetween(0, 3);
        }
    }

    @Test
    void unknownTopicIsCreatedFromTheTemplateWithAtMostTheBrokersQueueCount() {
        path().send(BORN, header("Fresh", 0, 0, 16), List.of(message("x", Map.of())))
                .join();
        path().send(BORN, header("FreshZero", 0, 0, 0), List.of(message("x", Map.of())))
                .join();

        assertThat(topics.get("Fresh").writeQueueNums()).isEqualTo(8);
        assertThat(topics.get("FreshZero").writeQueueNums()).isEqualTo(1);
    }

    @Test
    void unknownTopicWithoutAutoCreationIsNotFound() {
        SendOutcome o = path(true, false)
                .send(BORN, header("Missing", 0), List.of(message("x", Map.of())))
                .join();

        assertThat(o.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(o.verdict()).isEqualTo(Verdict.TOPIC_NOT_FOUND);
        assertThat(topics.get("Missing")).isNull();
    }

    @Test
    void retryTopicsAreSendable() {
        SendOutcome o = path().send(BORN, header("%RETRY%group", 0), List.of(message("x", Map.of())))
                .join();

        assertThat(o.isStored()).isTrue();
    }

    @Test
    void refusalsStoreNothingAndAreCounted() {
        topics.createOrUpdate(new TopicConfig("ReadOnly", 4, 4, TopicConfig.PERM_READ));
        long before = store.commitLogMaxOffset();
        byte[] big = new byte[MAX_BODY / 2 + 1];
        Message half = new Message();
        half.setBody(big);
        Message noBody = new Message();

        assertRefused(
                path(false, true),
                header("Orders", 0),
                List.of(message("x", Map.of())),
                ResponseCode.NO_PERMISSION,
                Verdict.FORBIDDEN,
                "forbidden");
        assertRefused(
                path(),
                header("bad topic!", 0),
                List.of(message("x", Map.of())),
                ResponseCode.INVALID_PARAMETER,
                Verdict.INVALID,
                "illegal character");
        assertRefused(
                path(),
                header("TBW102", 0),
                List.of(message("x", Map.of())),
                ResponseCode.NO_PERMISSION,
                Verdict.FORBIDDEN,
                "system topic");
        assertRefused(path(), header("Orders", 0), List.of(), ResponseCode.MESSAGE_ILLEGAL, Verdict.INVALID, "empty");
        assertRefused(
                path(), header("Orders", 0), List.of(noBody), ResponseCode.MESSAGE_ILLEGAL, Verdict.INVALID, "no body");
        assertRefused(
                path(),
                header("BigNew", 0),
                List.of(new Message("BigNew", new byte[MAX_BODY + 1])),
                ResponseCode.MESSAGE_ILLEGAL,
                Verdict.TOO_LARGE,
                "exceed the maximum");
        assertRefused(
                path(),
                header("Orders", 0),
                List.of(half, half),
                ResponseCode.MESSAGE_ILLEGAL,
                Verdict.TOO_LARGE,
                "batch bodies of " + (big.length * 2L));
        assertRefused(
                path(),
                header("Orders", 0, MessageSysFlag.TRANSACTION_PREPARED_TYPE, 4),
                List.of(message("x", Map.of()), message("y", Map.of())),
                ResponseCode.MESSAGE_ILLEGAL,
                Verdict.INVALID,
                "cannot be transactional");
        assertRefused(
                path(),
                header("Orders", 0),
                List.of(message("x", Map.of("TRAN_MSG", "true")), message("y", Map.of("TRAN_MSG", "true"))),
                ResponseCode.MESSAGE_ILLEGAL,
                Verdict.INVALID,
                "cannot be transactional");
        assertRefused(
                path(),
                header("Orders", 0),
                List.of(message("x", Map.of("DELAY", "-2"))),
                ResponseCode.MESSAGE_ILLEGAL,
                Verdict.INVALID,
                "delay level (property DELAY) '-2' is invalid");
        assertRefused(
                path(),
                header("Orders", 0),
                List.of(message("x", Map.of("TIMER_DELIVER_MS", "-1"))),
                ResponseCode.MESSAGE_ILLEGAL,
                Verdict.INVALID,
                "TIMER_DELIVER_MS is negative");
        assertRefused(
                path(),
                header("ReadOnly", 0),
                List.of(message("x", Map.of())),
                ResponseCode.NO_PERMISSION,
                Verdict.FORBIDDEN,
                "not writable");
        assertRefused(
                path(),
                header("Orders", 4),
                List.of(message("x", Map.of())),
                ResponseCode.SYSTEM_ERROR,
                Verdict.INVALID,
                "queueId 4");

        assertThat(store.commitLogMaxOffset()).isEqualTo(before);
        assertThat(topics.get("BigNew")).isNull();
        assertThat(metrics.events).hasSize(13).allMatch(e -> e.startsWith("failed "));
        assertThat(metrics.events.get(1)).isEqualTo("failed bad topic! " + ResponseCode.INVALID_PARAMETER.code());
    }

    @Test
    void delayLevelZeroIsAnOrdinaryMessage() {
        SendOutcome o = path().send(BORN, header("Orders", 0), List.of(message("x", Map.of("DELAY", "0"))))
                .join();

        assertThat(o.isStored()).isTrue();
    }

    @Test
    void delayedMessagesAreParkedWithTheirRealTopicAndQueue() {
        SendOutcome o = path().send(BORN, header("Orders", 2), List.of(message("x", Map.of("DELAY", "99"))))
                .join();

        assertThat(o.isStored()).isTrue();
        assertThat(o.queueId()).isEqualTo(2);
        MessageExt parked = stored(o.offsetMsgIds().get(0));
        assertThat(parked.getTopic()).isEqualTo(SystemTopics.SCHEDULE_TOPIC);
        assertThat(parked.getQueueId()).as("level 99 is clamped to 18").isEqualTo(17);
        assertThat(parked.getProperties())
                .containsEntry("DELAY", "18")
                .containsEntry("REAL_TOPIC", "Orders")
                .containsEntry("REAL_QID", "2");

        SendOutcome timed = path().send(
                        BORN, header("Orders", 1), List.of(message("y", Map.of("TIMER_DELAY_SEC", "60"))))
                .join();
        MessageExt t = stored(timed.offsetMsgIds().get(0));
        assertThat(t.getTopic()).isEqualTo("rmq_sys_wheel_timer");
        assertThat(t.getProperties())
                .containsEntry("TIMER_OUT_MS", Long.toString(T0 + 60_000))
                .containsEntry("REAL_TOPIC", "Orders")
                .containsEntry("REAL_QID", "1");
    }

    @Test
    void badDelaysAndDelayedBatchesAreRefused() {
        for (Map<String, String> props : List.of(
                Map.of("DELAY", "soon"),
                Map.of("TIMER_DELAY_SEC", "-5"),
                Map.of("TIMER_DELAY_MS", "x"),
                Map.of("TIMER_DELAY_SEC", Long.toString(3 * 86_400 + 1)))) {
            SendOutcome o = path().send(BORN, header("Orders", 0), List.of(message("x", props)))
                    .join();
            assertThat(o.code()).as(props.toString()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
            assertThat(o.remark()).as(props.toString()).containsAnyOf("DELAY", "TIMER", "max delay");
        }
        SendOutcome batch = path().send(
                        BORN, header("Orders", 0), List.of(message("a", Map.of()), message("b", Map.of("DELAY", "1"))))
                .join();
        assertThat(batch.remark()).contains("batch messages cannot be delayed");
    }

    @Test
    void aDeliverTimeInThePastIsAnOrdinaryMessage() {
        SendOutcome o = path().send(BORN, header("Orders", 0), List.of(message("x", Map.of("TIMER_DELIVER_MS", "5"))))
                .join();

        assertThat(stored(o.offsetMsgIds().get(0)).getTopic()).isEqualTo("Orders");
    }

    @Test
    void storeRefusalsBecomeOutcomes() {
        SendOutcome tooManyProperties = path().send(
                        BORN, header("Orders", 0), List.of(message("x", Map.of("p", "v".repeat(40_000)))))
                .join();
        store.close();
        SendOutcome closed = path().send(BORN, header("Orders", 0), List.of(message("x", Map.of())))
                .join();

        assertThat(tooManyProperties.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(tooManyProperties.verdict()).isEqualTo(Verdict.TOO_LARGE);
        assertThat(closed.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
        assertThat(closed.verdict()).isEqualTo(Verdict.UNAVAILABLE);
        assertThat(closed.remark()).contains("closed");
        assertThat(metrics.events)
                .containsExactly(
                        "failed Orders " + ResponseCode.MESSAGE_ILLEGAL.code(),
                        "failed Orders " + ResponseCode.SERVICE_NOT_AVAILABLE.code());
    }

    void assertRefused(
            SendPath path,
            SendMessageRequestHeader header,
            List<Message> messages,
            ResponseCode code,
            Verdict verdict,
            String remarkPart) {
        SendOutcome o = path.send(BORN, header, messages).join();
        assertThat(o.code()).as(remarkPart).isEqualTo(code);
        assertThat(o.verdict()).as(remarkPart).isEqualTo(verdict);
        assertThat(o.remark()).contains(remarkPart);
        assertThat(o.isStored()).isFalse();
        assertThat(o.offsetMsgIds()).isEmpty();
        assertThat(o.queueOffset()).isEqualTo(-1);
    }
}
