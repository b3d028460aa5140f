package io.kitemq.broker.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.BrokerMetrics;
import io.kitemq.broker.group.SubscriptionGroupTable;
import io.kitemq.broker.schedule.DelayLevels;
import io.kitemq.broker.schedule.ScheduleConfig;
import io.kitemq.broker.schedule.ScheduleStaging;
import io.kitemq.broker.topic.SystemTopics;
import io.kitemq.broker.topic.TopicTable;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.ConsumerSendMsgBackRequestHeader;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.OffsetMsgId;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.store.MessageFilter;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where CONSUMER_SEND_MSG_BACK puts a message: retry topic after the right delay level, or the DLQ. */
class SendMessageBackHandlerTest {

    static final long T0 = 1_700_000_000_000L;
    static final InetSocketAddress STORE_HOST = new InetSocketAddress("127.0.0.1", 10911);

    @TempDir
    Path dir;

    final InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(T0));
    final List<String> deadLettered = new CopyOnWriteArrayList<>();
    MessageStore store;
    TopicTable topics;
    SubscriptionGroupTable groups;
    SendMessageBackHandler handler;

    @BeforeEach
    void open() {
        store = MessageStore.open(
                StoreConfig.defaults(dir.resolve("store")).withSegmentBytes(1 << 20, 1000), clock, StoreMetrics.NONE);
        Path config = dir.resolve("config");
        topics = TopicTable.open(config, SystemTopics.of("DefaultCluster", "broker-a", true, 8), clock);
        topics.createOrUpdate(new TopicConfig("Orders", 4, 4, TopicConfig.DEFAULT_PERM));
        groups = SubscriptionGroupTable.open(config, clock);
        ScheduleStaging staging =
                new ScheduleStaging(ScheduleConfig.defaults().withDelayLevels(DelayLevels.rocketMq()), clock);
        BrokerMetrics metrics = new BrokerMetrics() {
            @Override
            public void deadLettered(String group) {
                deadLettered.add(group);
            }
        };
        handler = new SendMessageBackHandler(store, topics, groups, staging, metrics, true);
    }

    @AfterEach
    void close() {
        store.close();
    }

    MessageExt stored(String topic, int reconsumeTimes) {
        MessageExt m = new MessageExt();
        m.setTopic(topic);
        m.setQueueId(0);
        m.setBody("payload".getBytes(StandardCharsets.UTF_8));
        m.putProperty("UNIQ_KEY", "CLIENT-ID-1");
        m.putProperty("TAGS", "t");
        m.setBornHost(new InetSocketAddress("127.0.0.2", 40000));
        m.setStoreHost(STORE_HOST);
        m.setBornTimestamp(T0);
        m.setReconsumeTimes(reconsumeTimes);
        store.append(m).join();
        return m;
    }

    RemotingCommand sendBack(long offset, int delayLevel, Integer maxReconsumeTimes) throws Exception {
        return handler.handle(
                null,
                RemotingCommand.request(
                        RequestCode.CONSUMER_SEND_MSG_BACK.code(),
                        new ConsumerSendMsgBackRequestHeader(
                                offset, "g1", delayLevel, "CLIENT-ID-1", "Orders", false, maxReconsumeTimes)));
    }

    MessageExt last(String topic, int queueId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> store.dispatchedOffset() == store.commitLogMaxOffset());
        var r = store.get(topic, queueId, 0, 100, 1 << 20, MessageFilter.ALL);
        assertThat(r.records()).as(topic + "-" + queueId).isNotEmpty();
        return StoredMessageCodec.decode(r.records().get(r.records().size() - 1), true, false);
    }

    @Test
    void aFailedMessageWaitsInTheScheduleTopicForItsRetry() throws Exception {
        MessageExt original = stored("Orders", 0);

        RemotingCommand r = sendBack(original.getCommitLogOffset(), 0, 16);

        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS.code());
        MessageExt parked = last(SystemTopics.SCHEDULE_TOPIC, 2); // level 3 + 0 reconsumes
        assertThat(parked.getReconsumeTimes()).isEqualTo(1);
        assertThat(new String(parked.getBody(), StandardCharsets.UTF_8)).isEqualTo("payload");
        assertThat(parked.getProperties())
                .containsEntry("REAL_TOPIC", "%RETRY%g1")
                .containsEntry("RETRY_TOPIC", "Orders")
                .containsEntry("UNIQ_KEY", "CLIENT-ID-1")
                .containsEntry("ORIGIN_MESSAGE_ID", OffsetMsgId.encode(STORE_HOST, original.getCommitLogOffset()))
                .containsEntry("DELAY", "3");
        assertThat(topics.get("%RETRY%g1")).isNotNull();
        assertThat(groups.get("g1")).as("auto-created").isNotNull();
    }

    @Test
    void laterAttemptsWaitLongerAndAnExplicitLevelWins() throws Exception {
        MessageExt retried = stored("%RETRY%g1", 4);

        sendBack(retried.getCommitLogOffset(), 0, 16);
        assertThat(last(SystemTopics.SCHEDULE_TOPIC, 6).getReconsumeTimes()).isEqualTo(5); // level 7

        sendBack(retried.getCommitLogOffset(), 2, 16);
        assertThat(last(SystemTopics.SCHEDULE_TOPIC, 1).getProperty("REAL_TOPIC"))
                .isEqualTo("%RETRY%g1");
    }

    @Test
    void afterMaxReconsumeTimesTheMessageIsDeadLettered() throws Exception {
        MessageExt exhausted = stored("Orders", 2);

        RemotingCommand r = sendBack(exhausted.getCommitLogOffset(), 0, 2);

        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS.code());
        MessageExt dead = last("%DLQ%g1", 0);
        assertThat(dead.getReconsumeTimes()).isEqualTo(3);
        assertThat(dead.getProperties())
                .containsEntry("UNIQ_KEY", "CLIENT-ID-1")
                .containsEntry("DLQ_ORIGIN_TOPIC", "Orders")
                .containsEntry("DLQ_ORIGIN_MESSAGE_ID", "CLIENT-ID-1")
                .doesNotContainKey("DELAY");
        TopicConfig dlq = topics.get("%DLQ%g1");
        assertThat(dlq.readQueueNums()).isEqualTo(1);
        assertThat(dlq.perm()).isEqualTo(TopicConfig.PERM_READ | TopicConfig.PERM_WRITE);
        assertThat(deadLettered).containsExactly("g1");
    }

    @Test
    void delayLevelMinusOneGoesStraightToTheDlqAndTheGroupMaxAppliesWithoutAHeaderMax() throws Exception {
        MessageExt fresh = stored("Orders", 0);
        sendBack(fresh.getCommitLogOffset(), -1, null);
        assertThat(last("%DLQ%g1", 0).getReconsumeTimes()).isEqualTo(1);

        MessageExt sixteenth = stored("Orders", 16);
        sendBack(sixteenth.getCommitLogOffset(), 0, null);
        assertThat(deadLettered).hasSize(2);
    }

    @Test
    void anUnknownOffsetIsAClearError() throws Exception {
        stored("Orders", 0);

        RemotingCommand r = sendBack(123_456_789L, 0, 16);

        assertThat(r.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(r.remark()).contains("look message by offset failed, 123456789");
    }
}
