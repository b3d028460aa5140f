package io.kitemq.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.BrokerMetrics;
import io.kitemq.broker.client.ClientRegistry;
import io.kitemq.broker.client.ConsumerGroupListener;
import io.kitemq.broker.client.FakePeer;
import io.kitemq.broker.schedule.ScheduleConfig;
import io.kitemq.broker.schedule.ScheduleStaging;
import io.kitemq.broker.topic.SystemTopics;
import io.kitemq.broker.topic.TopicTable;
import io.kitemq.protocol.body.HeartbeatData;
import io.kitemq.protocol.body.ProducerData;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.LanguageCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.CheckTransactionStateRequestHeader;
import io.kitemq.protocol.header.EndTransactionRequestHeader;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageSysFlag;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.store.AppendResult;
import io.kitemq.store.GetResult;
import io.kitemq.store.MessageFilter;
import io.kitemq.store.MessageStore;
import io.kitemq.store.StoreConfig;
import io.kitemq.store.StoreMetrics;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions on a real store in a temp dir, with a clock the test moves: commit, rollback, refusals, checks
 * with a fake producer connection, parking after the last check, and a restart that finds undecided halves.
 * The check thread is left idle (a check interval of an hour); the test runs rounds with {@code checkDue()}.
 */
class TransactionsTest {

    static final long T0 = 1_700_000_000_000L;
    static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);
    static final TransactionConfig CONFIG = new TransactionConfig(Duration.ofSeconds(6), Duration.ofHours(1), 2);

    @TempDir
    Path dir;

    final AtomicLong now = new AtomicLong(T0);
    final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    final List<String> events = new CopyOnWriteArrayList<>();
    final BrokerMetrics metrics = new BrokerMetrics() {
        @Override
        public void transactionEnded(boolean committed) {
            events.add(committed ? "commit" : "rollback");
        }

        @Override
        public void transactionChecked() {
            events.add("check");
        }

        @Override
        public void transactionParked() {
            events.add("parked");
        }
    };
    MessageStore store;
    TopicTable topics;
    ClientRegistry clients;
    Transactions tx;

    @BeforeEach
    void open() {
        openAll();
        topics.createOrUpdate(new TopicConfig("Orders", 4, 4, TopicConfig.DEFAULT_PERM));
    }

    void openAll() {
        store = MessageStore.open(
                StoreConfig.defaults(dir.resolve("store")).withSegmentBytes(1 << 20, 1000), clock, StoreMetrics.NONE);
        topics = TopicTable.open(dir.resolve("config"), SystemTopics.of("DefaultCluster", "broker-a", true, 8), clock);
        clients = new ClientRegistry(clock, ConsumerGroupListener.NONE);
        tx = Transactions.open(
                store,
                topics,
                clients,
                metrics,
                clock,
                CONFIG,
                HOST,
                dir.resolve("config"),
                new ScheduleStaging(ScheduleConfig.defaults(), clock)::stage);
    }

    @AfterEach
    void close() {
        tx.close();
        store.close();
    }

    /** Stores a prepared message as the send path does; returns the stored half. */
    MessageExt sendHalf(String body, Map<String, String> extra) {
        MessageExt m = new MessageExt();
        m.setTopic("Orders");
        m.setQueueId(2);
        m.setBody(body.getBytes(StandardCharsets.UTF_8));
        Map<String, String> props = new HashMap<>(extra);
        props.put(PropertyKeys.PROPERTY_TRANSACTION_PREPARED, "true");
        props.put(PropertyKeys.PROPERTY_PRODUCER_GROUP, "pg");
        props.put(PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "UNIQ-" + body);
        props.put(PropertyKeys.PROPERTY_TAGS, "TagA");
        m.setProperties(props);
        m.setBornTimestamp(now.get());
        m.setBornHost(HOST);
        m.setStoreHost(HOST);
        m.setSysFlag(MessageSysFlag.TRANSACTION_PREPARED_TYPE);
        assertThat(HalfMessage.isPrepared(m.getSysFlag(), props)).isTrue();
        HalfMessage.toHalf(m);
        AppendResult r = store.append(m).join();
        assertThat(r.isStored()).isTrue();
        return m;
    }

    RemotingCommand end(MessageExt half, int decision) {
        return end(half.getQueueOffset(), half.getCommitLogOffset(), "pg", decision);
    }

    RemotingCommand end(long halfOffset, long commitLogOffset, String group, int decision) {
        return tx.end(new EndTransactionRequestHeader(
                        "Orders", group, halfOffset, commitLogOffset, decision, false, "m", null))
                .join();
    }

    List<MessageExt> read(String topic, int queueId) {
        GetResult r = store.get(topic, queueId, 0, 100, Integer.MAX_VALUE, MessageFilter.ALL);
        return r.records().stream()
                .map(b -> StoredMessageCodec.decode(b, true, false))
                .toList();
    }

    void awaitPending(int n) {
        await().atMost(Duration.ofSeconds(5)).until(() -> tx.pendingCount() == n);
    }

    @Test
    void aHalfMessageIsInvisibleUntilCommittedThenVisibleExactlyOnce() {
        MessageExt half = sendHalf("a", Map.of());
        awaitPending(1);
        assertThat(half.getTopic()).isEqualTo(SystemTopics.TRANS_HALF_TOPIC);
        assertThat(store.maxOffset("Orders", 2)).isZero();

        assertThat(end(half, MessageSysFlag.TRANSACTION_COMMIT_TYPE).code()).isEqualTo(0);
        RemotingCommand again = end(half, MessageSysFlag.TRANSACTION_COMMIT_TYPE);
        assertThat(again.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(again.remark()).contains("already committed, rolled back or given up");

        await().atMost(Duration.ofSeconds(5)).until(() -> store.maxOffset("Orders", 2) == 1);
        MessageExt committed = read("Orders", 2).get(0);
        assertThat(new String(committed.getBody(), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(committed.getProperties())
                .containsEntry(PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "UNIQ-a")
                .containsEntry(PropertyKeys.PROPERTY_TAGS, "TagA")
                .doesNotContainKeys(
                        PropertyKeys.PROPERTY_TRANSACTION_PREPARED,
                        PropertyKeys.PROPERTY_REAL_TOPIC,
                        PropertyKeys.PROPERTY_REAL_QUEUE_ID);
        assertThat(MessageSysFlag.transactionType(committed.getSysFlag()))
                .isEqualTo(MessageSysFlag.TRANSACTION_COMMIT_TYPE);
        assertThat(committed.getPreparedTransactionOffset()).isEqualTo(half.getCommitLogOffset());
        assertThat(tx.pendingCount()).isZero();
        assertThat(events).containsExactly("commit");
        await().atMost(Duration.ofSeconds(5)).until(() -> store.maxOffset(SystemTopics.TRANS_OP_HALF_TOPIC, 0) == 1);
    }

    @Test
    void aCommittedDelayedMessageWaitsForItsDelayLevel() {
        MessageExt half = sendHalf("late", Map.of(PropertyKeys.PROPERTY_DELAY_TIME_LEVEL, "2"));
        awaitPending(1);
        assertThat(end(half, MessageSysFlag.TRANSACTION_COMMIT_TYPE).code()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> store.maxOffset(SystemTopics.SCHEDULE_TOPIC, 1) == 1);
        assertThat(store.maxOffset("Orders", 2)).isZero();
        MessageExt staged = read(SystemTopics.SCHEDULE_TOPIC, 1).get(0);
        assertThat(staged.getProperties())
                .containsEntry(PropertyKeys.PROPERTY_REAL_TOPIC, "Orders")
                .containsEntry(PropertyKeys.PROPERTY_REAL_QUEUE_ID, "2")
                .doesNotContainKey(PropertyKeys.PROPERTY_TRANSACTION_PREPARED);
    }

    @Test
    void rollbackRecordsTheOpOnly() {
        MessageExt half = sendHalf("b", Map.of());
        awaitPending(1);
        assertThat(end(half, MessageSysFlag.TRANSACTION_ROLLBACK_TYPE).code()).isZero();
        assertThat(end(half, MessageSysFlag.TRANSACTION_COMMIT_TYPE).code())
                .isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        await().atMost(Duration.ofSeconds(5)).until(() -> store.maxOffset(SystemTopics.TRANS_OP_HALF_TOPIC, 0) == 1);
        assertThat(store.maxOffset("Orders", 2)).isZero();
        assertThat(events).containsExactly("rollback");
        assertThat(end(half, MessageSysFlag.TRANSACTION_NOT_TYPE))
                .as("unknown: nothing to answer")
                .isNull();
    }

    @Test
    void endsThatDoNotFitAreRefusedClearly() {
        MessageExt half = sendHalf("c", Map.of());
        awaitPending(1);
        assertThat(end(half.getQueueOffset(), 999_999, "pg", MessageSysFlag.TRANSACTION_COMMIT_TYPE)
                        .remark())
                .contains("Find prepared transaction message failed")
                .contains("999999");
        assertThat(end(
                                half.getQueueOffset(),
                                half.getCommitLogOffset(),
                                "other",
                                MessageSysFlag.TRANSACTION_COMMIT_TYPE)
                        .remark())
                .contains("producer group wrong");
        assertThat(end(7, half.getCommitLogOffset(), "pg", MessageSysFlag.TRANSACTION_ROLLBACK_TYPE)
                        .remark())
                .contains("state table offset wrong");
        assertThat(tx.pendingCount()).isEqualTo(1);
        assertThat(events).isEmpty();
    }

    @Test
    void undecidedHalfIsCheckedWithALiveProducerThenParkedAfterTheLastCheck() {
        FakePeer producer = new FakePeer("127.0.0.1:50000");
        clients.heartbeat(
                producer, new HeartbeatData("p@1", Set.of(new ProducerData("pg")), Set.of()), LanguageCode.JAVA, 479);
        MessageExt half = sendHalf("d", Map.of());
        awaitPending(1);

        now.addAndGet(5_999);
        tx.checkDue();
        assertThat(producer.oneways).isEmpty();

        now.addAndGet(1);
        tx.checkDue();
        assertThat(producer.oneways).hasSize(1);
        RemotingCommand check = producer.oneways.get(0);
        assertThat(check.code()).isEqualTo(RequestCode.CHECK_TRANSACTION_STATE.code());
        CheckTransactionStateRequestHeader h = CheckTransactionStateRequestHeader.decode(check.extFields());
        assertThat(h.tranStateTableOffset()).isEqualTo(half.getQueueOffset());
        assertThat(h.commitLogOffset()).isEqualTo(half.getCommitLogOffset());
        assertThat(h.msgId()).isEqualTo("UNIQ-d");
        MessageExt shown = StoredMessageCodec.decode(ByteBuffer.wrap(check.body()), true, false);
        assertThat(shown.getTopic()).isEqualTo("Orders");
        assertThat(shown.getQueueId()).isEqualTo(2);
        assertThat(shown.getProperty(PropertyKeys.PROPERTY_TRANSACTION_CHECK_TIMES))
                .isEqualTo("1");
        assertThat(shown.getProperty(PropertyKeys.PROPERTY_PRODUCER_GROUP)).isEqualTo("pg");

        tx.checkDue();
        assertThat(producer.oneways).as("not before the check interval").hasSize(1);
        now.addAndGet(CONFIG.checkInterval().toMillis());
        tx.checkDue();
        assertThat(producer.oneways).hasSize(2);
        now.addAndGet(CONFIG.checkInterval().toMillis());
        tx.checkDue();
        assertThat(producer.oneways).as("max 2 checks: parked instead").hasSize(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("parked"));
        assertThat(tx.pendingCount()).isZero();
        assertThat(read(HalfMessage.CHECK_MAX_TIME_TOPIC, 0))
                .singleElement()
                .satisfies(m -> assertThat(m.getBody()).isEqualTo("d".getBytes(StandardCharsets.UTF_8)));
        assertThat(events).containsExactly("check", "check", "parked");
        assertThat(end(half, MessageSysFlag.TRANSACTION_COMMIT_TYPE).remark()).contains("given up");
    }

    @Test
    void checkImmunityPostponesTheFirstCheck() {
        FakePeer producer = new FakePeer("127.0.0.1:50001");
        clients.heartbeat(
                producer, new HeartbeatData("p@1", Set.of(new ProducerData("pg")), Set.of()), LanguageCode.JAVA, 479);
        sendHalf("e", Map.of(PropertyKeys.PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS, "60"));
        awaitPending(1);
        now.addAndGet(59_999);
        tx.checkDue();
        assertThat(producer.oneways).isEmpty();
        now.addAndGet(1);
        tx.checkDue();
        assertThat(producer.oneways).hasSize(1);
    }

    @Test
    void undecidedHalvesAndTheirCheckCountsSurviveARestart() {
        MessageExt committed = sendHalf("f", Map.of());
        MessageExt undecided = sendHalf("g", Map.of());
        awaitPending(2);
        assertThat(end(committed, MessageSysFlag.TRANSACTION_COMMIT_TYPE).code())
                .isZero();
        now.addAndGet(6_000);
        tx.checkDue(); // one check (no producer online: counted all the same, as RocketMQ does)
        await().atMost(Duration.ofSeconds(5)).until(() -> store.maxOffset(SystemTopics.TRANS_OP_HALF_TOPIC, 0) == 2);

        close();
        openAll();

        assertThat(tx.pendingCount()).isEqualTo(1);
        FakePeer producer = new FakePeer("127.0.0.1:50002");
        clients.heartbeat(
                producer, new HeartbeatData("p@1", Set.of(new ProducerData("pg")), Set.of()), LanguageCode.JAVA, 479);
        tx.checkDue();
        assertThat(producer.oneways).hasSize(1);
        MessageExt shown = StoredMessageCodec.decode(
                ByteBuffer.wrap(producer.oneways.get(0).body()), true, false);
        assertThat(shown.getProperty(PropertyKeys.PROPERTY_TRANSACTION_CHECK_TIMES))
                .isEqualTo("2");
        assertThat(end(undecided, MessageSysFlag.TRANSACTION_ROLLBACK_TYPE).code())
                .isZero();
        assertThat(end(committed, MessageSysFlag.TRANSACTION_COMMIT_TYPE).code())
                .as("resolved before the restart")
                .isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(store.maxOffset("Orders", 2)).isEqualTo(1);
    }
}
