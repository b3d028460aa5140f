package io.kitemq.broker.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.DataVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subscription group table: system groups, persistence in RocketMQ's shape, auto-creation, versions. */
class SubscriptionGroupTableTest {

    @TempDir
    Path dir;

    final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    final InstantSource clock = () -> Instant.ofEpochMilli(now.get());

    SubscriptionGroupTable open() {
        return SubscriptionGroupTable.open(dir, clock);
    }

    static SubscriptionGroupConfig custom(String name) {
        return new SubscriptionGroupConfig(
                name, false, false, false, true, 3, 5, null, 0, 2, false, 1, 30, null, Map.of("a", "b"));
    }

    @Test
    void rocketMqsSystemGroupsExistWithDefaultSettings() {
        SubscriptionGroupTable groups = open();
        assertThat(groups.all().keySet())
                .containsExactlyInAnyOrder(
                        "TOOLS_CONSUMER",
                        "FILTERSRV_CONSUMER",
                        "SELF_TEST_C_GROUP",
                        "CID_ONS-HTTP-PROXY",
                        "CID_ONSAPI_PULL",
                        "CID_ONSAPI_PERMISSION",
                        "CID_ONSAPI_OWNER",
                        "CID_RMQ_SYS_TRANS");
        assertThat(groups.get("SELF_TEST_C_GROUP"))
                .isEqualTo(SubscriptionGroupConfig.withDefaults("SELF_TEST_C_GROUP"));
        assertThat(groups.dataVersion()).isEqualTo(DataVersion.startingAt(now.get()));
    }

    @Test
    void rocketMqsDefaults() {
        SubscriptionGroupConfig g = SubscriptionGroupConfig.withDefaults("g");
        assertThat(g.consumeEnable()).isTrue();
        assertThat(g.consumeFromMinEnable()).isTrue();
        assertThat(g.consumeBroadcastEnable()).isTrue();
        assertThat(g.consumeMessageOrderly()).isFalse();
        assertThat(g.retryQueueNums()).isEqualTo(1);
        assertThat(g.retryMaxTimes()).isEqualTo(16);
        assertThat(g.brokerId()).isZero();
        assertThat(g.whichBrokerWhenConsumeSlowly()).isEqualTo(1);
        assertThat(g.notifyConsumerIdsChangedEnable()).isTrue();
        assertThat(g.consumeTimeoutMinute()).isEqualTo(15);
        assertThat(g.groupRetryPolicy()).isEqualTo(Map.of("type", "CUSTOMIZED"));
        // missing JSON properties take the same defaults
        assertThat(BodyCodec.decode(
                        "{\"groupName\":\"g\"}".getBytes(StandardCharsets.UTF_8), SubscriptionGroupConfig.class))
                .isEqualTo(g);
        assertThatThrownBy(() -> SubscriptionGroupConfig.withDefaults(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void groupsAndVersionSurviveAReopen() {
        SubscriptionGroupTable groups = open();
        assertThat(groups.createOrUpdate(custom("orders"))).isNull();
        groups.createOrUpdate(SubscriptionGroupConfig.withDefaults("gone"));
        assertThat(groups.delete("gone")).isTrue();
        assertThat(groups.delete("gone")).isFalse();
        groups.createOrUpdate(
                SubscriptionGroupConfig.withDefaults("TOOLS_CONSUMER").withConsumeEnable(false));

        SubscriptionGroupTable reopened = open();
        assertThat(reopened.get("orders")).isEqualTo(custom("orders"));
        assertThat(reopened.get("gone")).isNull();
        assertThat(reopened.get("TOOLS_CONSUMER").consumeEnable()).isFalse();
        assertThat(reopened.all()).isEqualTo(groups.all());
        assertThat(reopened.dataVersion()).isEqualTo(groups.dataVersion());
    }

    @Test
    void theFileHasRocketMqsShape() throws IOException {
        open().createOrUpdate(SubscriptionGroupConfig.withDefaults("g1"));

        String json = Files.readString(dir.resolve("subscriptionGroups.json"));
        assertThat(json)
                .contains("\"subscriptionGroupTable\":{")
                .contains("\"forbiddenTable\":{}")
                .contains("\"dataVersion\":{\"counter\":1,")
                .contains("\"g1\":{\"attributes\":{},\"brokerId\":0,\"consumeBroadcastEnable\":true,"
                        + "\"consumeEnable\":true,\"consumeFromMinEnable\":true,\"consumeMessageOrderly\":false,"
                        + "\"consumeTimeoutMinute\":15,\"groupName\":\"g1\","
                        + "\"groupRetryPolicy\":{\"type\":\"CUSTOMIZED\"},"
                        + "\"groupSysFlag\":0,\"notifyConsumerIdsChangedEnable\":true,\"retryMaxTimes\":16,"
                        + "\"retryQueueNums\":1,\"subscriptionDataSet\":[],\"whichBrokerWhenConsumeSlowly\":1}");
    }

    @Test
    void readsAFileWrittenByRocketMqAndKeepsWhatItDoesNotInterpret() throws IOException {
        Files.writeString(dir.resolve("subscriptionGroups.json"), """
                {"dataVersion":{"counter":3,"stateVersion":0,"timestamp":1699999999999},
                 "forbiddenTable":{"g1":{"T":1}},
                 "subscriptionGroupTable":{"g1":{"brokerId":0,"consumeBroadcastEnable":true,"consumeEnable":false,
                   "groupName":"g1","groupRetryPolicy":{"type":"EXPONENTIAL","exponentialRetryPolicy":
                   {"initial":1000,"max":60000,"multiplier":2}},"retryMaxTimes":3,
                   "subscriptionDataSet":[{"topic":"T","expression":"*"}]}}}
                """);
        SubscriptionGroupTable groups = open();
        SubscriptionGroupConfig g1 = groups.get("g1");
        assertThat(g1.consumeEnable()).isFalse();
        assertThat(g1.retryMaxTimes()).isEqualTo(3);
        assertThat(g1.retryQueueNums()).isEqualTo(1);
        assertThat(g1.groupRetryPolicy()).containsEntry("type", "EXPONENTIAL");
        assertThat(groups.dataVersion()).isEqualTo(new DataVersion(0, 1699999999999L, 3));

        groups.createOrUpdate(SubscriptionGroupConfig.withDefaults("g2"));
        String json = Files.readString(dir.resolve("subscriptionGroups.json"));
        assertThat(json)
                .contains("\"forbiddenTable\":{\"g1\":{\"T\":1}}")
                .contains("\"multiplier\":2")
                .contains("\"subscriptionDataSet\":[{\"topic\":\"T\",\"expression\":\"*\"}]");
        assertThat(open().get("g1")).isEqualTo(g1);
    }

    @Test
    void autoCreationFollowsTheSwitchExceptForSystemGroups() {
        SubscriptionGroupTable groups = open();
        DataVersion v0 = groups.dataVersion();

        assertThat(groups.getOrAutoCreate("new_group", false)).isNull();
        assertThat(groups.getOrAutoCreate("bad group", true)).isNull();
        assertThat(groups.getOrAutoCreate(null, true)).isNull();
        assertThat(groups.dataVersion()).isEqualTo(v0);

        now.addAndGet(5);
        assertThat(groups.getOrAutoCreate("new_group", true))
                .isEqualTo(SubscriptionGroupConfig.withDefaults("new_group"));
        assertThat(groups.dataVersion()).isEqualTo(new DataVersion(0, now.get(), v0.counter() + 1));
        assertThat(groups.getOrAutoCreate("new_group", false)).isNotNull();
        assertThat(groups.getOrAutoCreate("CID_RMQ_SYS_REVIVE_GROUP", false)).isNotNull();
        assertThat(groups.dataVersion().counter()).isEqualTo(v0.counter() + 2);
        assertThat(open().get("new_group")).isNotNull();
    }

    @Test
    void versionsBumpOnChangesOnly() {
        SubscriptionGroupTable groups = open();
        long c0 = groups.dataVersion().counter();
        groups.createOrUpdate(custom("g"));
        groups.createOrUpdate(custom("g"));
        assertThat(groups.dataVersion().counter()).isEqualTo(c0 + 1);
        groups.createOrUpdate(custom("g").withConsumeEnable(true));
        assertThat(groups.dataVersion().counter()).isEqualTo(c0 + 2);
    }

    @Test
    void invalidGroupNamesAreRefused() {
        SubscriptionGroupTable groups = open();
        assertThatThrownBy(() -> groups.createOrUpdate(SubscriptionGroupConfig.withDefaults("a b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("illegal character");
        assertThatThrownBy(() -> groups.createOrUpdate(SubscriptionGroupConfig.withDefaults("g".repeat(121))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(GroupName.isValid("g".repeat(120))).isTrue();
    }

    @Test
    void aCorruptFileIsReplacedByItsBackupOrStopsTheOpen() throws IOException {
        SubscriptionGroupTable groups = open();
        groups.createOrUpdate(SubscriptionGroupConfig.withDefaults("first"));
        groups.createOrUpdate(SubscriptionGroupConfig.withDefaults("second"));
        Path file = dir.resolve("subscriptionGroups.json");
        Files.writeString(file, "{\"subscriptionGroupTable\":{\"second\":{\"groupName\":");

        SubscriptionGroupTable recovered = open();
        assertThat(recovered.get("first")).isNotNull();
        assertThat(recovered.get("second")).isNull();

        Files.writeString(file, "[]");
        Files.delete(dir.resolve("subscriptionGroups.json.bak"));
        assertThatThrownBy(this::open)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("no valid backup");
        assertThat(List.of(Files.readString(file))).containsExactly("[]");
    }
}
