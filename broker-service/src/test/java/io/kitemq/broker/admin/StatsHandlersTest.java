package io.kitemq.broker.admin;

import static io.kitemq.broker.admin.AdminFixture.BROKER;
import static io.kitemq.broker.admin.AdminFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.broker.client.FakePeer;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.Connection;
import io.kitemq.protocol.body.ConsumeStats;
import io.kitemq.protocol.body.ConsumerOffsetSerializeWrapper;
import io.kitemq.protocol.body.GroupList;
import io.kitemq.protocol.body.OffsetWrapper;
import io.kitemq.protocol.body.ProducerConnection;
import io.kitemq.protocol.body.QueueRef;
import io.kitemq.protocol.body.TopicOffset;
import io.kitemq.protocol.body.TopicStatsTable;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetConsumeStatsRequestHeader;
import io.kitemq.protocol.header.GetProducerConnectionListRequestHeader;
import io.kitemq.protocol.header.GetTopicStatsInfoRequestHeader;
import io.kitemq.protocol.header.QueryTopicConsumeByWhoRequestHeader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET_TOPIC_STATS_INFO, GET_CONSUME_STATS, QUERY_TOPIC_CONSUME_BY_WHO, GET_ALL_CONSUMER_OFFSET,
 * GET_ALL_DELAY_OFFSET and GET_PRODUCER_CONNECTION_LIST over a real store with messages in it.
 */
class StatsHandlersTest {

    @TempDir
    Path dir;

    AdminFixture f;

    @BeforeEach
    void open() {
        f = new AdminFixture(dir);
        f.topic("Orders", 2);
        f.put("Orders", 0, "a"); // stored at T0
        f.now.set(T0 + 1000);
        f.put("Orders", 0, "b");
        f.now.set(T0 + 2000);
        f.put("Orders", 0, "c");
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void topicStatsPerQueueWithTheLastStoreTime() throws Exception {
        RemotingCommand r = f.call(
                new GetTopicStatsInfoHandler(f.topics, f.store, BROKER),
                RequestCode.GET_TOPIC_STATS_INFO.code(),
                new GetTopicStatsInfoRequestHeader("Orders"));

        TopicStatsTable stats = BodyCodec.decode(r.body(), TopicStatsTable.class);
        assertThat(stats.offsetTable())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        new QueueRef("Orders", BROKER, 0), new TopicOffset(0, 3, T0 + 2000),
                        new QueueRef("Orders", BROKER, 1), new TopicOffset(0, 0, 0)));
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).startsWith("{\"offsetTable\":{{");
    }

    @Test
    void topicStatsCoverTheLargerQueueCountAndUnknownTopicsAreReported() throws Exception {
        f.topics.createOrUpdate(new io.kitemq.protocol.body.TopicConfig("Wide", 1, 3, 6));
        GetTopicStatsInfoHandler h = new GetTopicStatsInfoHandler(f.topics, f.store, BROKER);

        RemotingCommand wide =
                f.call(h, RequestCode.GET_TOPIC_STATS_INFO.code(), new GetTopicStatsInfoRequestHeader("Wide"));
        RemotingCommand none =
                f.call(h, RequestCode.GET_TOPIC_STATS_INFO.code(), new GetTopicStatsInfoRequestHeader("Nope"));

        assertThat(BodyCodec.decode(wide.body(), TopicStatsTable.class).offsetTable())
                .hasSize(3);
        assertThat(none.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST.code());
        assertThat(none.remark()).isEqualTo("topic[Nope] not exist");
    }

    @Test
    void consumeStatsOfTheGroupsTopics() throws Exception {
        f.offsets.commit("g1", "Orders", 0, 2);

        ConsumeStats stats = consumeStats(new GetConsumeStatsRequestHeader("g1", null, null));

        assertThat(stats.offsetTable())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        new QueueRef("Orders", BROKER, 0), new OffsetWrapper(3, 2, 2, T0 + 1000),
                        new QueueRef("Orders", BROKER, 1), new OffsetWrapper(0, 0, 0, 0)));
        assertThat(stats.computeTotalDiff()).isEqualTo(1);
        assertThat(stats.consumeTps()).isZero();
    }

    @Test
    void consumeStatsTopicChoice() throws Exception {
        f.topic("Other", 1);
        f.offsets.commit("g1", "Orders", 0, 2);
        f.offsets.commit("g1", "Other", 0, 0);

        assertThat(topicsOf(consumeStats(new GetConsumeStatsRequestHeader("g1", null, null))))
                .containsOnly("Orders", "Other");
        assertThat(topicsOf(consumeStats(new GetConsumeStatsRequestHeader("g1", "Other", null))))
                .containsOnly("Other");
        assertThat(topicsOf(consumeStats(new GetConsumeStatsRequestHeader("g1", null, "Orders, Nope"))))
                .containsOnly("Orders");

        f.consumerOnline(new FakePeer("10.0.0.2:1"), "10.0.0.2@1", "g1", "Orders");
        assertThat(topicsOf(consumeStats(new GetConsumeStatsRequestHeader("g1", null, null))))
                .as("an online group's unsubscribed topics are left out")
                .containsOnly("Orders");
        assertThat(consumeStats(new GetConsumeStatsRequestHeader("unknown", null, null))
                        .offsetTable())
                .isEmpty();
    }

    ConsumeStats consumeStats(GetConsumeStatsRequestHeader h) throws Exception {
        RemotingCommand r = f.call(
                new GetConsumeStatsHandler(f.topics, f.offsets, f.clients, f.store, BROKER),
                RequestCode.GET_CONSUME_STATS.code(),
                h);
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS.code());
        return BodyCodec.decode(r.body(), ConsumeStats.class);
    }

    static java.util.Set<String> topicsOf(ConsumeStats stats) {
        return stats.offsetTable().keySet().stream().map(QueueRef::topic).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void whoConsumesATopic() throws Exception {
        f.offsets.commit("by-offset", "Orders", 0, 1);
        f.consumerOnline(new FakePeer("10.0.0.2:1"), "10.0.0.2@1", "online", "Orders");
        f.consumerOnline(new FakePeer("10.0.0.3:1"), "10.0.0.3@1", "elsewhere", "Other");

        RemotingCommand r = f.call(
                new QueryTopicConsumeByWhoHandler(f.clients, f.offsets),
                RequestCode.QUERY_TOPIC_CONSUME_BY_WHO.code(),
                new QueryTopicConsumeByWhoRequestHeader("Orders"));

        assertThat(BodyCodec.decode(r.body(), GroupList.class).groupList())
                .containsExactlyInAnyOrder("by-offset", "online");
    }

    @Test
    void allConsumerOffsetsKeyedByTopicAtGroup() throws Exception {
        f.offsets.commit("g1", "Orders", 0, 2);
        f.offsets.commit("g1", "Orders", 1, 0);
        f.offsets.commit("g2", "Other", 0, 9);

        RemotingCommand r =
                f.call(new GetAllConsumerOffsetHandler(f.offsets), RequestCode.GET_ALL_CONSUMER_OFFSET.code(), null);

        ConsumerOffsetSerializeWrapper body = BodyCodec.decode(r.body(), ConsumerOffsetSerializeWrapper.class);
        assertThat(body.offsetTable()).isEqualTo(Map.of("Orders@g1", Map.of(0, 2L, 1, 0L), "Other@g2", Map.of(0, 9L)));
    }

    @Test
    void delayOffsetsAreEmptyWithoutADelayService() throws Exception {
        RemotingCommand none = f.call(
                new GetAllDelayOffsetHandler(GetAllDelayOffsetHandler.NONE),
                RequestCode.GET_ALL_DELAY_OFFSET.code(),
                null);
        RemotingCommand some = f.call(
                new GetAllDelayOffsetHandler(() -> Map.of(3, 12L)), RequestCode.GET_ALL_DELAY_OFFSET.code(), null);

        assertThat(new String(none.body(), StandardCharsets.UTF_8))
                .startsWith("{\"dataVersion\":{")
                .endsWith("\"offsetTable\":{}}");
        assertThat(new String(some.body(), StandardCharsets.UTF_8)).contains("\"offsetTable\":{\"3\":12}");
    }

    @Test
    void producerConnectionsOfAGroup() throws Exception {
        f.producerOnline(new FakePeer("10.0.0.5:7000"), "10.0.0.5@p", "pg");
        GetProducerConnectionListHandler h = new GetProducerConnectionListHandler(f.clients);
        int code = RequestCode.GET_PRODUCER_CONNECTION_LIST.code();

        RemotingCommand found = f.call(h, code, new GetProducerConnectionListRequestHeader("pg"));
        RemotingCommand missing = f.call(h, code, new GetProducerConnectionListRequestHeader("nope"));

        assertThat(BodyCodec.decode(found.body(), ProducerConnection.class).connectionSet())
                .containsExactly(new Connection("10.0.0.5@p", "10.0.0.5:7000", "JAVA", 479));
        assertThat(missing.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(missing.remark()).isEqualTo("the producer group[nope] not exist");
    }
}
