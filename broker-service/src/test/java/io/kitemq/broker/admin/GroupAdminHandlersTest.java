package io.kitemq.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.broker.group.SubscriptionGroupConfig;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.DataVersion;
import io.kitemq.protocol.body.SubscriptionGroupWrapper;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.DeleteSubscriptionGroupRequestHeader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;

/** UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, GET_ALL_SUBSCRIPTIONGROUP_CONFIG and DELETE_SUBSCRIPTIONGROUP. */
class GroupAdminHandlersTest {

    /** A group as RocketMQ 5.5.0's admin tool sends it (fastjson, alphabetical, fields we do not know). */
    static final String ROCKETMQ_GROUP = """
            {"attributes":{},"brokerId":0,"consumeBroadcastEnable":false,"consumeEnable":true,
            "consumeFromMinEnable":false,"consumeMessageOrderly":true,"consumeTimeoutMinute":15,
            "groupName":"orders-cg","groupRetryPolicy":{"type":"CUSTOMIZED"},"groupSysFlag":0,
            "liteSubClientQuota":300,"notifyConsumerIdsChangedEnable":true,"priorityFactor":0,
            "retryMaxTimes":3,"retryQueueNums":1,"whichBrokerWhenConsumeSlowly":1}
            """;

    @TempDir
    Path dir;

    AdminFixture f;

    @BeforeEach
    void open() {
        f = new AdminFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    RemotingCommand update(String json) throws Exception {
        RemotingCommand request = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP.code())
                .body(json.getBytes(StandardCharsets.UTF_8));
        return new UpdateAndCreateSubscriptionGroupHandler(f.groups).handle(f.admin, request);
    }

    @Test
    void createsAGroupFromRocketMqJson() throws Exception {
        DataVersion before = f.groups.dataVersion();

        RemotingCommand r = update(ROCKETMQ_GROUP);

        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS.code());
        SubscriptionGroupConfig g = f.groups.get("orders-cg");
        assertThat(g.retryMaxTimes()).isEqualTo(3);
        assertThat(g.consumeMessageOrderly()).isTrue();
        assertThat(g.consumeBroadcastEnable()).isFalse();
        assertThat(f.groups.dataVersion().counter()).isEqualTo(before.counter() + 1);
    }

    @Test
    void missingFieldsTakeRocketMqDefaultsAndBadBodiesAreRefused() throws Exception {
        assertThat(update("{\"groupName\":\"g2\"}").code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(f.groups.get("g2")).isEqualTo(SubscriptionGroupConfig.withDefaults("g2"));

        assertThat(update("").code()).isEqualTo(ResponseCode.INVALID_PARAMETER.code());
        assertThat(update("{not json").code()).isEqualTo(ResponseCode.INVALID_PARAMETER.code());
        assertThat(update("{\"groupName\":\"bad group!\"}").code()).isEqualTo(ResponseCode.INVALID_PARAMETER.code());
        assertThat(f.groups.get("bad group!")).isNull();
    }

    @Test
    void allGroupsWithVersionAndCount() throws Exception {
        update(ROCKETMQ_GROUP);

        RemotingCommand r = f.call(
                new GetAllSubscriptionGroupHandler(f.groups),
                RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG.code(),
                null);

        SubscriptionGroupWrapper<Map<String, Object>> body = BodyCodec.decode(r.body(), new TypeReference<>() {});
        assertThat(body.subscriptionGroupTable()).containsKeys("orders-cg", "TOOLS_CONSUMER");
        assertThat(body.subscriptionGroupTable().get("orders-cg")).containsEntry("retryMaxTimes", 3);
        assertThat(body.dataVersion()).isEqualTo(f.groups.dataVersion());
        assertThat(body.forbiddenTable()).isEmpty();
        assertThat(r.extField("totalGroupNum"))
                .isEqualTo(Integer.toString(f.groups.all().size()));
        String json = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"subscriptionGroupTable\":{").contains("\"dataVersion\":{");
    }

    @Test
    void deletingAGroupKeepsItsOffsetsUnlessAskedToCleanThem() throws Exception {
        update(ROCKETMQ_GROUP);
        update("{\"groupName\":\"g2\"}");
        f.offsets.commit("orders-cg", "T", 0, 5);
        f.offsets.commit("g2", "T", 0, 7);
        DeleteSubscriptionGroupHandler h = new DeleteSubscriptionGroupHandler(f.groups, f.offsets);
        int code = RequestCode.DELETE_SUBSCRIPTIONGROUP.code();

        RemotingCommand kept = f.call(h, code, new DeleteSubscriptionGroupRequestHeader("orders-cg", false));
        RemotingCommand cleaned = f.call(h, code, new DeleteSubscriptionGroupRequestHeader("g2", true));
        RemotingCommand unknown = f.call(h, code, new DeleteSubscriptionGroupRequestHeader("nope", true));

        assertThat(kept.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(cleaned.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(unknown.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(f.groups.get("orders-cg")).isNull();
        assertThat(f.groups.get("g2")).isNull();
        assertThat(f.offsets.query("orders-cg", "T", 0)).isEqualTo(5);
        assertThat(f.offsets.query("g2", "T", 0)).isEqualTo(-1);
    }
}
