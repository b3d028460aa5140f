package io.kitemq.broker.admin;

import static org.awaitility.Awaitility.await;

import io.kitemq.broker.client.ClientRegistry;
import io.kitemq.broker.client.ConsumerGroupListener;
import io.kitemq.broker.client.FakePeer;
import io.kitemq.broker.group.SubscriptionGroupTable;
import io.kitemq.broker.offset.ConsumerOffsetTable;
import io.kitemq.broker.topic.SystemTopics;
import io.kitemq.broker.topic.TopicTable;
import io.kitemq.protocol.body.ConsumeFromWhere;
import io.kitemq.protocol.body.ConsumeType;
import io.kitemq.protocol.body.ConsumerData;
import io.kitemq.protocol.body.HeartbeatData;
import io.kitemq.protocol.body.MessageModel;
import io.kitemq.protocol.body.ProducerData;
import io.kitemq.protocol.body.SubscriptionData;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.command.LanguageCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.CommandCustomHeader;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import io.kitemq.store.AppendResult;
import io.kitemq.store.MessageStore;
import io.kitemq.store.StoreConfig;
import io.kitemq.store.StoreMetrics;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A broker's parts without a socket for the admin handler tests: a real {@link MessageStore} and real
 * topic, group and offset tables on a temp dir, a client registry, and a clock the test moves.
 */
final class AdminFixture implements AutoCloseable {

    static final String BROKER = "broker-a";
    static final long T0 = 1_700_000_000_000L;

    final AtomicLong now = new AtomicLong(T0);
    final InstantSource clock = new InstantSource() {
        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }

        @Override
        public long millis() {
            return now.get();
        }
    };
    final Path dir;
    final MessageStore store;
    final TopicTable topics;
    final SubscriptionGroupTable groups;
    final ConsumerOffsetTable offsets;
    final ClientRegistry clients = new ClientRegistry(clock, ConsumerGroupListener.NONE);
    final FakePeer admin = new FakePeer("10.0.0.1:40000");

    AdminFixture(Path dir) {
        this.dir = dir;
        store = MessageStore.open(
                StoreConfig.defaults(dir.resolve("store")).withSegmentBytes(1 << 20, 1000), clock, StoreMetrics.NONE);
        Path configDir = dir.resolve("store").resolve("config");
        topics = TopicTable.open(configDir, SystemTopics.of("DefaultCluster", BROKER, true, 8), clock);
        groups = SubscriptionGroupTable.open(configDir, clock);
        offsets = ConsumerOffsetTable.open(configDir);
    }

    TopicConfig topic(String name, int queues) {
        TopicConfig config = new TopicConfig(name, queues, queues, TopicConfig.DEFAULT_PERM);
        topics.createOrUpdate(config);
        return config;
    }

    /** Appends one message at the clock's time and waits until it is in its ConsumeQueue. */
    AppendResult put(String topic, int queueId, String body) {
        MessageExt m = new MessageExt();
        m.setTopic(topic);
        m.setQueueId(queueId);
        m.setBody(body.getBytes(StandardCharsets.UTF_8));
        m.setBornHost(new InetSocketAddress("127.0.0.1", 40000));
        m.setStoreHost(new InetSocketAddress("127.0.0.1", 10911));
        m.setBornTimestamp(now.get());
        AppendResult r = store.append(m).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> store.dispatchedOffset() == store.commitLogMaxOffset());
        return r;
    }

    /** Registers a clustering push consumer of {@code group} subscribed to {@code topics} over {@code peer}. */
    void consumerOnline(RemotingPeer peer, String clientId, String group, String... topics) {
        Set<SubscriptionData> subs = new java.util.LinkedHashSet<>();
        for (String t : topics) {
            subs.add(new SubscriptionData(t, "*", Set.of(), Set.of(), 1L, SubscriptionData.EXPRESSION_TAG, false));
        }
        ConsumerData cd = new ConsumerData(
                group,
                ConsumeType.CONSUME_PASSIVELY,
                MessageModel.CLUSTERING,
                ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
                subs,
                false);
        clients.heartbeat(peer, new HeartbeatData(clientId, Set.of(), Set.of(cd)), LanguageCode.JAVA, 479);
    }

    void producerOnline(RemotingPeer peer, String clientId, String group) {
        clients.heartbeat(
                peer, new HeartbeatData(clientId, Set.of(new ProducerData(group)), Set.of()), LanguageCode.JAVA, 479);
    }

    RemotingCommand call(RequestHandler handler, int code, CommandCustomHeader header) throws Exception {
        RemotingCommand request =
                header == null ? RemotingCommand.request(code) : RemotingCommand.request(code, header);
        return handler.handle(admin, request);
    }

    @Override
    public void close() {
        store.close();
    }
}
