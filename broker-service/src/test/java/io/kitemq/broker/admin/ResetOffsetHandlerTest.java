package io.kitemq.broker.admin;

import static io.kitemq.broker.admin.AdminFixture.BROKER;
import static io.kitemq.broker.admin.AdminFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.broker.client.FakePeer;
import io.kitemq.broker.group.SubscriptionGroupConfig;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.QueueRef;
import io.kitemq.protocol.body.ResetOffsetBody;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.ResetOffsetRequestHeader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** INVOKE_BROKER_TO_RESET_OFFSET: offsets by time, committed, and the online consumers told. */
class ResetOffsetHandlerTest {

    @TempDir
    Path dir;

    AdminFixture f;
    ResetOffsetHandler handler;

    @BeforeEach
    void open() {
        f = new AdminFixture(dir);
        handler = new ResetOffsetHandler(f.topics, f.groups, f.offsets, f.clients, f.store, BROKER);
        f.topic("Orders", 2);
        f.groups.createOrUpdate(SubscriptionGroupConfig.withDefaults("g1"));
        for (int i = 0; i < 4; i++) { // queue 0: offsets 0..3 stored at T0, T0+1s, T0+2s, T0+3s
            f.now.set(T0 + i * 1000L);
            f.put("Orders", 0, "m" + i);
        }
        f.put("Orders", 1, "x"); // queue 1: offset 0 at T0+3s
        f.offsets.commit("g1", "Orders", 0, 4);
        f.offsets.commit("g1", "Orders", 1, 1);
    }

    @AfterEach
    void close() {
        f.close();
    }

    RemotingCommand reset(String group, int queueId, Long offset, long timestamp, boolean force) throws Exception {
        return f.call(
                handler,
                RequestCode.INVOKE_BROKER_TO_RESET_OFFSET.code(),
                new ResetOffsetRequestHeader(group, "Orders", queueId, offset, timestamp, force, null));
    }

    static Map<QueueRef, Long> table(RemotingCommand r) {
        return BodyCodec.decode(r.body(), ResetOffsetBody.class).offsetTable();
    }

    @Test
    void rewindsEveryQueueToTheTimestampCommitsAndTellsTheConsumers() throws Exception {
        FakePeer c1 = new FakePeer("10.0.0.2:1");
        FakePeer c2 = new FakePeer("10.0.0.3:1");
        f.consumerOnline(c1, "10.0.0.2@1", "g1", "Orders");
        f.consumerOnline(c2, "10.0.0.3@1", "g1", "Orders");

        RemotingCommand r = reset("g1", -1, null, T0 + 1500, true);

        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS.code());
        Map<QueueRef, Long> expected =
                Map.of(new QueueRef("Orders", BROKER, 0), 2L, new QueueRef("Orders", BROKER, 1), 0L);
        assertThat(table(r)).isEqualTo(expected);
        assertThat(f.offsets.offsets("g1", "Orders")).isEqualTo(Map.of(0, 2L, 1, 0L));
        for (FakePeer c : new FakePeer[] {c1, c2}) {
            RemotingCommand notice = c.oneways.stream()
                    .filter(cmd -> cmd.code() == RequestCode.RESET_CONSUMER_CLIENT_OFFSET.code())
                    .findFirst()
                    .orElseThrow();
            ResetOffsetRequestHeader h = ResetOffsetRequestHeader.decode(notice.extFields());
            assertThat(h.group()).isEqualTo("g1");
            assertThat(h.topic()).isEqualTo("Orders");
            assertThat(h.timestamp()).isEqualTo(T0 + 1500);
            assertThat(table(notice)).isEqualTo(expected);
        }
    }

    @Test
    void withoutForceAQueueOnlyMovesBack() throws Exception {
        f.offsets.commit("g1", "Orders", 0, 1);

        RemotingCommand r = reset("g1", -1, null, T0 + 2500, false);

        assertThat(f.offsets.offsets("g1", "Orders")).isEqualTo(Map.of(0, 1L, 1, 0L));
        assertThat(table(r)).containsEntry(new QueueRef("Orders", BROKER, 0), 1L);
    }

    @Test
    void timestampMinusOneMeansTheEndAndNoConsumerOnlineIsFine() throws Exception {
        f.offsets.commit("g1", "Orders", 0, 0);

        RemotingCommand r = reset("g1", -1, null, -1, true);

        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(f.offsets.offsets("g1", "Orders")).isEqualTo(Map.of(0, 4L, 1, 1L));
    }

    @Test
    void oneQueueToAnExplicitOffsetWithinTheQueue() throws Exception {
        RemotingCommand ok = reset("g1", 0, 1L, 0, true);
        RemotingCommand outside = reset("g1", 0, 9L, 0, true);

        assertThat(table(ok)).isEqualTo(Map.of(new QueueRef("Orders", BROKER, 0), 1L));
        assertThat(f.offsets.offsets("g1", "Orders")).isEqualTo(Map.of(0, 1L, 1, 1L));
        assertThat(outside.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(outside.remark()).isEqualTo("Target offset 9 not in consume queue range [0-4]");
    }

    @Test
    void unknownTopicOrGroupIsRefused() throws Exception {
        RemotingCommand noTopic = f.call(
                handler,
                RequestCode.INVOKE_BROKER_TO_RESET_OFFSET.code(),
                new ResetOffsetRequestHeader("g1", "Nope", -1, null, T0, true, null));
        RemotingCommand noGroup = reset("stranger", -1, null, T0, true);

        assertThat(noTopic.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST.code());
        assertThat(noGroup.code()).isEqualTo(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST.code());
        assertThat(f.offsets.topicsOf("stranger")).isEmpty();
    }
}
