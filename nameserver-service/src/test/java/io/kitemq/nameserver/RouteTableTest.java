package io.kitemq.nameserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.protocol.body.DataVersion;
import io.kitemq.protocol.body.QueueData;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.body.TopicRouteData;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The route table alone: registration, master/slave addresses, expiry on an injected clock, perms. */
class RouteTableTest {

    final AtomicLong now = new AtomicLong(1_000_000);
    final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    final RouteTable table = new RouteTable(clock, 120_000);

    static Map<String, TopicConfig> topics(String... names) {
        java.util.LinkedHashMap<String, TopicConfig> m = new java.util.LinkedHashMap<>();
        for (String n : names) {
            m.put(n, new TopicConfig(n, 4, 4, TopicConfig.DEFAULT_PERM));
        }
        return m;
    }

    static BrokerRegistration reg(
            String cluster,
            String name,
            long id,
            String addr,
            DataVersion v,
            Map<String, TopicConfig> topics,
            Object conn) {
        return new BrokerRegistration(
                cluster, name, addr, id, addr.replace(":10911", ":10912"), null, v, topics, List.of(), conn);
    }

    @Test
    void registeredTopicsHaveRoutesWithMasterAndSlaveAddresses() {
        DataVersion v1 = new DataVersion(0, 1, 1);
        table.register(reg("C", "broker-a", 0, "10.0.0.1:10911", v1, topics("T1", "T2"), null));
        RouteTable.RegisterResult slave =
                table.register(reg("C", "broker-a", 1, "10.0.0.2:10911", v1, topics("T1", "T2"), null));
        assertThat(slave.masterAddr()).isEqualTo("10.0.0.1:10911");
        assertThat(slave.haServerAddr()).isEqualTo("10.0.0.1:10912");
        table.register(reg("C", "broker-b", 0, "10.0.0.3:10911", v1, topics("T1"), null));

        TopicRouteData t1 = table.route("T1", null);
        assertThat(t1.queueDatas()).extracting(QueueData::brokerName).containsExactly("broker-a", "broker-b");
        assertThat(t1.brokerDatas()).hasSize(2);
        assertThat(t1.brokerDatas().get(0).brokerAddrs())
                .containsEntry(0L, "10.0.0.1:10911")
                .containsEntry(1L, "10.0.0.2:10911");
        assertThat(table.route("T2", null).queueDatas()).hasSize(1);
        assertThat(table.route("nope", null)).isNull();
        assertThat(table.clusterInfo().clusterAddrTable().get("C")).containsExactly("broker-a", "broker-b");
        assertThat(table.topics()).containsExactly("T1", "T2");
        assertThat(table.topicsOfCluster("C")).containsExactly("T1", "T2");
        assertThat(table.topicsOfCluster("other")).isEmpty();
    }

    @Test
    void silentBrokersExpireWithTheirQueues() {
        table.register(reg("C", "broker-a", 0, "10.0.0.1:10911", DataVersion.ZERO, topics("T"), null));
        table.register(reg("C", "broker-b", 0, "10.0.0.2:10911", DataVersion.ZERO, topics("T"), null));
        now.addAndGet(100_000);
        // broker-b heartbeats, broker-a does not
        assertThat(table.dataVersionChanged("10.0.0.2:10911", DataVersion.ZERO)).isFalse();
        now.addAndGet(30_000);
        assertThat(table.expire()).containsExactly("10.0.0.1:10911");
        assertThat(table.route("T", null).queueDatas())
                .extracting(QueueData::brokerName)
                .containsExactly("broker-b");
        assertThat(table.clusterInfo().brokerAddrTable()).containsOnlyKeys("broker-b");
        now.addAndGet(200_000);
        table.expire();
        assertThat(table.route("T", null)).isNull();
        assertThat(table.clusterInfo().clusterAddrTable()).isEmpty();
    }

    @Test
    void aBrokerMayAskForItsOwnTimeout() {
        table.register(new BrokerRegistration(
                "C", "b", "h:1", 0, "h:2", 10_000L, DataVersion.ZERO, topics("T"), List.of(), null));
        now.addAndGet(11_000);
        assertThat(table.expire()).containsExactly("h:1");
    }

    @Test
    void aClosedConnectionDropsItsBrokerAtOnce() {
        Object conn = new Object();
        table.register(reg("C", "broker-a", 0, "10.0.0.1:10911", DataVersion.ZERO, topics("T"), conn));
        table.register(reg("C", "broker-b", 0, "10.0.0.2:10911", DataVersion.ZERO, topics("T"), new Object()));
        assertThat(table.connectionClosed(conn)).containsExactly("10.0.0.1:10911");
        assertThat(table.route("T", null).queueDatas())
                .extracting(QueueData::brokerName)
                .containsExactly("broker-b");
    }

    @Test
    void aMastersNewTopicListReplacesItsOldOneOnlyWhenTheVersionChanges() {
        table.register(reg("C", "broker-a", 0, "a:1", new DataVersion(0, 1, 1), topics("T1", "T2"), null));
        // same version: treated as a heartbeat, topics untouched even if the body differs
        table.register(reg("C", "broker-a", 0, "a:1", new DataVersion(0, 1, 1), topics("T1"), null));
        assertThat(table.topics()).containsExactly("T1", "T2");
        table.register(reg("C", "broker-a", 0, "a:1", new DataVersion(0, 2, 2), topics("T1", "T3"), null));
        assertThat(table.topics()).containsExactly("T1", "T3");
        assertThat(table.dataVersionChanged("a:1", new DataVersion(0, 2, 2))).isFalse();
        assertThat(table.dataVersionChanged("a:1", new DataVersion(0, 3, 3))).isTrue();
        assertThat(table.dataVersionChanged("unknown:1", DataVersion.ZERO)).isTrue();
    }

    @Test
    void roleSwitchMovesTheAddressToItsNewId() {
        table.register(reg("C", "broker-a", 0, "a:1", DataVersion.ZERO, topics("T"), null));
        table.register(reg("C", "broker-a", 1, "b:1", DataVersion.ZERO, topics("T"), null));
        // b is promoted
        table.unregister("a:1", "broker-a", 0, "test");
        table.register(reg("C", "broker-a", 0, "b:1", new DataVersion(0, 5, 5), topics("T"), null));
        assertThat(table.route("T", null).brokerDatas().get(0).brokerAddrs()).containsExactly(Map.entry(0L, "b:1"));
    }

    @Test
    void writePermissionCanBeWipedAndRestored() {
        table.register(reg("C", "broker-a", 0, "a:1", DataVersion.ZERO, topics("T1", "T2"), null));
        table.register(reg("C", "broker-b", 0, "b:1", DataVersion.ZERO, topics("T1"), null));
        assertThat(table.wipeWritePerm("broker-a")).isEqualTo(2);
        TopicRouteData t1 = table.route("T1", null);
        QueueData a = t1.queueDatas().get(0);
        assertThat(a.perm() & TopicConfig.PERM_WRITE).isZero();
        assertThat(a.perm() & TopicConfig.PERM_READ).isNotZero();
        assertThat(t1.queueDatas().get(1).perm()).isEqualTo(TopicConfig.DEFAULT_PERM);
        assertThat(table.addWritePerm("broker-a")).isEqualTo(2);
        assertThat(table.route("T1", null).queueDatas().get(0).perm())
                .isEqualTo(TopicConfig.PERM_READ | TopicConfig.PERM_WRITE);
        assertThat(table.wipeWritePerm("nobody")).isZero();
    }

    @Test
    void deleteTopicEverywhereOrPerCluster() {
        table.register(reg("C1", "broker-a", 0, "a:1", DataVersion.ZERO, topics("T"), null));
        table.register(reg("C2", "broker-b", 0, "b:1", DataVersion.ZERO, topics("T"), null));
        assertThat(table.deleteTopic("T", "C1")).isTrue();
        assertThat(table.route("T", null).queueDatas())
                .extracting(QueueData::brokerName)
                .containsExactly("broker-b");
        assertThat(table.deleteTopic("T", null)).isTrue();
        assertThat(table.route("T", null)).isNull();
        assertThat(table.deleteTopic("T", null)).isFalse();
    }

    @Test
    void orderTopicConfIsPassedThrough() {
        table.register(reg("C", "broker-a", 0, "a:1", DataVersion.ZERO, topics("T"), null));
        assertThat(table.route("T", "broker-a:4").orderTopicConf()).isEqualTo("broker-a:4");
    }
}
