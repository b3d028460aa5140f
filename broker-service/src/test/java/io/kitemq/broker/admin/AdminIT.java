package io.kitemq.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.EmbeddedCluster;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.QueueRef;
import io.kitemq.protocol.body.TopicOffset;
import io.kitemq.protocol.body.TopicRouteData;
import io.kitemq.protocol.body.TopicStatsTable;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.CreateTopicRequestHeader;
import io.kitemq.protocol.header.DeleteTopicRequestHeader;
import io.kitemq.protocol.header.GetRouteInfoRequestHeader;
import io.kitemq.protocol.header.GetTopicStatsInfoRequestHeader;
import io.kitemq.remoting.ClientConfig;
import io.kitemq.remoting.RemotingClient;
import io.kitemq.store.FlushMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.body.KVTable;
import org.apache.rocketmq.remoting.protocol.body.SubscriptionGroupWrapper;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin handlers over real sockets: our remoting client, and the official RocketMQ 5.5.0 client's admin API. */
class AdminIT {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    EmbeddedCluster cluster;
    RemotingClient client;
    DefaultMQProducer producer;

    @BeforeEach
    void start() throws Exception {
        cluster = new EmbeddedCluster(dir, FlushMode.ASYNC);
        client = new RemotingClient(ClientConfig.defaults("admin-it"));
        producer = new DefaultMQProducer("admin-it-producer");
        producer.setNamesrvAddr(cluster.nameServerAddress());
        producer.setInstanceName("admin-it-" + System.nanoTime());
        producer.start();
    }

    @AfterEach
    void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        if (client != null) {
            client.shutdown();
        }
        cluster.close();
    }

    RemotingCommand broker(int code, io.kitemq.protocol.header.CommandCustomHeader header) {
        return client.invokeSync(cluster.broker.address(), RemotingCommand.request(code, header), TIMEOUT);
    }

    RemotingCommand route(String topic) {
        return client.invokeSync(
                cluster.nameServerAddress(),
                RemotingCommand.request(
                        RequestCode.GET_ROUTEINFO_BY_TOPIC.code(), new GetRouteInfoRequestHeader(topic, true)),
                TIMEOUT);
    }

    @Test
    void createSeeInRouteQueryStatsAndDeleteATopic() throws Exception {
        RemotingCommand created = broker(
                RequestCode.UPDATE_AND_CREATE_TOPIC.code(),
                new CreateTopicRequestHeader("AdminTopic", "TBW102", 3, 3, 6, "SINGLE_TAG", null, false, null, false));
        assertThat(created.code()).isEqualTo(ResponseCode.SUCCESS.code());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            RemotingCommand r = route("AdminTopic");
            assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS.code());
            TopicRouteData data = BodyCodec.decode(r.body(), TopicRouteData.class);
            assertThat(data.queueDatas()).singleElement().satisfies(q -> {
                assertThat(q.brokerName()).isEqualTo(cluster.broker.config().brokerName());
                assertThat(q.readQueueNums()).isEqualTo(3);
            });
        });

        for (int i = 0; i < 3; i++) {
            Message m = new Message("AdminTopic", ("m" + i).getBytes(StandardCharsets.UTF_8));
            assertThat(producer.send(
                                    m,
                                    new MessageQueue(
                                            "AdminTopic",
                                            cluster.broker.config().brokerName(),
                                            1))
                            .getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
        }

        // queue offsets follow the CommitLog asynchronously (dispatch), as in RocketMQ: wait for them
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            RemotingCommand stats =
                    broker(RequestCode.GET_TOPIC_STATS_INFO.code(), new GetTopicStatsInfoRequestHeader("AdminTopic"));
            TopicStatsTable table = BodyCodec.decode(stats.body(), TopicStatsTable.class);
            assertThat(table.offsetTable()).hasSize(3);
            TopicOffset q1 = table.offsetTable()
                    .get(new QueueRef("AdminTopic", cluster.broker.config().brokerName(), 1));
            assertThat(q1.minOffset()).isZero();
            assertThat(q1.maxOffset()).isEqualTo(3);
            assertThat(q1.lastUpdateTimestamp()).isPositive();
        });

        RemotingCommand deleted =
                broker(RequestCode.DELETE_TOPIC_IN_BROKER.code(), new DeleteTopicRequestHeader("AdminTopic"));
        assertThat(deleted.code()).isEqualTo(ResponseCode.SUCCESS.code());
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(route("AdminTopic").code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST.code()));
        assertThat(broker(RequestCode.GET_TOPIC_STATS_INFO.code(), new GetTopicStatsInfoRequestHeader("AdminTopic"))
                        .code())
                .isEqualTo(ResponseCode.TOPIC_NOT_EXIST.code());
    }

    @Test
    void theOfficialClientReadsEveryAdminAnswer() throws Exception {
        MQClientAPIImpl api =
                producer.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
        String addr = cluster.broker.address();
        String brokerName = cluster.broker.config().brokerName();
        api.createTopic(addr, "TBW102", new TopicConfig("Official", 2, 2, 6), 5000);
        SubscriptionGroupConfig group = new SubscriptionGroupConfig();
        group.setGroupName("official-cg");
        group.setRetryMaxTimes(4);
        api.createSubscriptionGroup(addr, group, 5000);
        for (int i = 0; i < 2; i++) {
            producer.send(
                    new Message("Official", "x".getBytes(StandardCharsets.UTF_8)),
                    new MessageQueue("Official", brokerName, 0));
        }
        cluster.broker.offsets().commit("official-cg", "Official", 0, 1);
        producer.getDefaultMQProducerImpl().getMqClientFactory().sendHeartbeatToAllBrokerWithLock();

        assertThat(api.getTopicConfig(addr, "Official", 5000).getReadQueueNums())
                .isEqualTo(2);
        assertThat(api.getAllTopicConfig(addr, 5000).getTopicConfigTable()).containsKey("Official");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(api.getTopicStatsInfo(addr, "Official", 5000)
                                .getOffsetTable()
                                .get(new MessageQueue("Official", brokerName, 0))
                                .getMaxOffset())
                        .isEqualTo(2));
        SubscriptionGroupWrapper groups = api.getAllSubscriptionGroup(addr, 5000);
        assertThat(groups.getSubscriptionGroupTable().get("official-cg").getRetryMaxTimes())
                .isEqualTo(4);
        ConsumeStats consume = api.getConsumeStats(addr, "official-cg", "Official", 5000);
        assertThat(consume.computeTotalDiff()).isEqualTo(1);
        assertThat(api.queryTopicConsumeByWho(addr, "Official", 5000).getGroupList())
                .contains("official-cg");
        KVTable runtime = api.getBrokerRuntimeInfo(addr, 5000);
        assertThat(Long.parseLong(runtime.getTable().get("msgPutTotalTodayNow")))
                .isGreaterThanOrEqualTo(2);
        Properties config = api.getBrokerConfig(addr, 5000);
        assertThat(config.getProperty("brokerName")).isEqualTo(brokerName);
        assertThat(api.getProducerConnectionList(addr, "admin-it-producer", 5000)
                        .getConnectionSet())
                .hasSize(1);

        Map<MessageQueue, Long> reset = api.invokeBrokerToResetOffset(addr, "Official", "official-cg", 0, true, 5000);
        assertThat(reset).containsEntry(new MessageQueue("Official", brokerName, 0), 0L);
        assertThat(cluster.broker.offsets().query("official-cg", "Official", 0)).isZero();

        api.deleteTopicInBroker(addr, "Official", 5000);
        assertThat(cluster.broker.topics().get("Official")).isNull();
    }
}
