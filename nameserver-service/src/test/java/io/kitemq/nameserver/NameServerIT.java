package io.kitemq.nameserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.nameserver.handler.NameServerMetrics;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.ClusterInfo;
import io.kitemq.protocol.body.DataVersion;
import io.kitemq.protocol.body.KVTable;
import io.kitemq.protocol.body.RegisterBrokerBody;
import io.kitemq.protocol.body.RegisterBrokerBodyFormat;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.body.TopicConfigSerializeWrapper;
import io.kitemq.protocol.body.TopicList;
import io.kitemq.protocol.body.TopicRouteData;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetKVConfigRequestHeader;
import io.kitemq.protocol.header.GetRouteInfoRequestHeader;
import io.kitemq.protocol.header.PutKVConfigRequestHeader;
import io.kitemq.protocol.header.QueryDataVersionRequestHeader;
import io.kitemq.protocol.header.QueryDataVersionResponseHeader;
import io.kitemq.protocol.header.RegisterBrokerRequestHeader;
import io.kitemq.protocol.header.RegisterBrokerResponseHeader;
import io.kitemq.protocol.header.UnRegisterBrokerRequestHeader;
import io.kitemq.protocol.header.WipeWritePermOfBrokerRequestHeader;
import io.kitemq.protocol.header.WipeWritePermOfBrokerResponseHeader;
import io.kitemq.remoting.ClientConfig;
import io.kitemq.remoting.RemotingClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NameServer's remoting handlers over real loopback sockets. */
class NameServerIT {

    static final Duration T = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    NameServer nameServer;
    RemotingClient client;
    String addr;

    @BeforeEach
    void start() {
        nameServer = new NameServer(
                        NameServerConfig.defaults(dir).withListen("127.0.0.1", 0),
                        InstantSource.system(),
                        NameServerMetrics.NONE)
                .start();
        addr = "127.0.0.1:" + nameServer.port();
        client = new RemotingClient(ClientConfig.defaults("test-broker"));
    }

    @AfterEach
    void stop() {
        client.shutdown();
        nameServer.close();
    }

    static RegisterBrokerBody body(DataVersion v, String... topics) {
        Map<String, TopicConfig> table = new LinkedHashMap<>();
        for (String t : topics) {
            table.put(t, new TopicConfig(t, 4, 4, TopicConfig.DEFAULT_PERM));
        }
        return new RegisterBrokerBody(new TopicConfigSerializeWrapper(table, v), List.of());
    }

    RemotingCommand register(
            RemotingClient c, String name, long id, String brokerAddr, boolean compressed, RegisterBrokerBody body) {
        byte[] bytes = compressed ? RegisterBrokerBodyFormat.encode(body) : BodyCodec.encode(body);
        RemotingCommand req = RemotingCommand.request(
                        RequestCode.REGISTER_BROKER.code(),
                        new RegisterBrokerRequestHeader(
                                name, brokerAddr, "DefaultCluster", brokerAddr + "2", id, null, null, compressed, 0))
                .body(bytes);
        return c.invokeSync(addr, req, T);
    }

    TopicRouteData route(String topic) {
        RemotingCommand resp = client.invokeSync(
                addr,
                RemotingCommand.request(
                        RequestCode.GET_ROUTEINFO_BY_TOPIC.code(), new GetRouteInfoRequestHeader(topic, true)),
                T);
        return resp.code() == 0 ? BodyCodec.decode(resp.body(), TopicRouteData.class) : null;
    }

    @Test
    void plainAndCompressedRegistrationsGiveRoutes() {
        assertThat(register(client, "broker-a", 0, "127.0.0.1:1001", false, body(new DataVersion(0, 1, 1), "T1", "T2"))
                        .code())
                .isZero();
        assertThat(register(client, "broker-b", 0, "127.0.0.1:1002", true, body(new DataVersion(0, 1, 1), "T1"))
                        .code())
                .isZero();
        RemotingCommand slave =
                register(client, "broker-a", 1, "127.0.0.1:1003", false, body(new DataVersion(0, 1, 1), "T1", "T2"));
        RegisterBrokerResponseHeader h = RegisterBrokerResponseHeader.decode(slave.extFields());
        assertThat(h.masterAddr()).isEqualTo("127.0.0.1:1001");

        TopicRouteData t1 = route("T1");
        assertThat(t1.queueDatas()).hasSize(2);
        assertThat(t1.brokerDatas().get(0).brokerAddrs())
                .containsEntry(0L, "127.0.0.1:1001")
                .containsEntry(1L, "127.0.0.1:1003");
        ClusterInfo info = BodyCodec.decode(
                client.invokeSync(addr, RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO.code()), T)
                        .body(),
                ClusterInfo.class);
        assertThat(info.clusterAddrTable().get("DefaultCluster")).containsExactlyInAnyOrder("broker-a", "broker-b");
        TopicList topics = BodyCodec.decode(
                client.invokeSync(
                                addr, RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER.code()), T)
                        .body(),
                TopicList.class);
        assertThat(topics.topicList()).containsExactlyInAnyOrder("T1", "T2");
    }

    @Test
    void routeBodiesAreStandardJsonWhateverTheCallersVersion() {
        register(client, "broker-a", 0, "127.0.0.1:1001", false, body(DataVersion.ZERO, "T"));
        RemotingCommand old = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC.code())
                .version(100)
                .extField("topic", "T");
        String json = new String(client.invokeSync(addr, old, T).body(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"brokerAddrs\":{\"0\":\"127.0.0.1:1001\"}");
    }

    @Test
    void unknownTopicInvalidTopicAndBadInputGetClearErrors() {
        register(client, "broker-a", 0, "127.0.0.1:1001", false, body(DataVersion.ZERO, "T"));
        RemotingCommand none = client.invokeSync(
                addr,
                RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC.code())
                        .extField("topic", "Nope"),
                T);
        assertThat(none.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST.code());
        assertThat(none.remark()).contains("Nope");
        RemotingCommand invalid = client.invokeSync(
                addr,
                RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC.code())
                        .extField("topic", "bad topic!"),
                T);
        assertThat(invalid.code()).isEqualTo(ResponseCode.INVALID_PARAMETER.code());
        RemotingCommand missing =
                client.invokeSync(addr, RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC.code()), T);
        assertThat(missing.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(missing.remark()).contains("topic");
        RemotingCommand garbage = client.invokeSync(
                addr,
                RemotingCommand.request(
                                RequestCode.REGISTER_BROKER.code(),
                                new RegisterBrokerRequestHeader(
                                        "broker-x", "127.0.0.1:1009", "DefaultCluster", "x", 0, null, null, false, 0))
                        .body("{not json".getBytes()),
                T);
        assertThat(garbage.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        RemotingCommand badCrc = client.invokeSync(
                addr,
                RemotingCommand.request(
                                RequestCode.REGISTER_BROKER.code(),
                                new RegisterBrokerRequestHeader(
                                        "broker-x",
                                        "127.0.0.1:1009",
                                        "DefaultCluster",
                                        "x",
                                        0,
                                        null,
                                        null,
                                        false,
                                        12345))
                        .body(BodyCodec.encode(body(DataVersion.ZERO, "X"))),
                T);
        assertThat(badCrc.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(badCrc.remark()).contains("CRC32");
        assertThat(client.invokeSync(addr, RemotingCommand.request(9999), T).code())
                .isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED.code());
        // nothing of that disturbed the good broker
        assertThat(route("T").brokerDatas()).hasSize(1);
        assertThat(route("X")).isNull();
    }

    @Test
    void aClosedConnectionDropsTheBrokerAtOnce() {
        RemotingClient broker = new RemotingClient(ClientConfig.defaults("leaving-broker"));
        register(broker, "broker-gone", 0, "127.0.0.1:1005", false, body(DataVersion.ZERO, "G"));
        register(client, "broker-a", 0, "127.0.0.1:1001", false, body(DataVersion.ZERO, "G"));
        assertThat(route("G").brokerDatas()).hasSize(2);
        broker.shutdown();
        await().atMost(T).until(() -> route("G").brokerDatas().size() == 1);
        assertThat(route("G").brokerDatas().get(0).brokerName()).isEqualTo("broker-a");
    }

    @Test
    void queryDataVersionAndUnregister() {
        DataVersion v = new DataVersion(0, 7, 7);
        register(client, "broker-a", 0, "127.0.0.1:1001", false, body(v, "T"));
        RemotingCommand same = client.invokeSync(
                addr,
                RemotingCommand.request(
                                RequestCode.QUERY_DATA_VERSION.code(),
                                new QueryDataVersionRequestHeader("broker-a", "127.0.0.1:1001", "DefaultCluster", 0))
                        .body(BodyCodec.encode(v)),
                T);
        assertThat(QueryDataVersionResponseHeader.decode(same.extFields()).changed())
                .isFalse();
        RemotingCommand changed = client.invokeSync(
                addr,
                RemotingCommand.request(
                                RequestCode.QUERY_DATA_VERSION.code(),
                                new QueryDataVersionRequestHeader("broker-a", "127.0.0.1:1001", "DefaultCluster", 0))
                        .body(BodyCodec.encode(v.next(8))),
                T);
        assertThat(QueryDataVersionResponseHeader.decode(changed.extFields()).changed())
                .isTrue();
        client.invokeSync(
                addr,
                RemotingCommand.request(
                        RequestCode.UNREGISTER_BROKER.code(),
                        new UnRegisterBrokerRequestHeader("broker-a", "127.0.0.1:1001", "DefaultCluster", 0)),
                T);
        assertThat(route("T")).isNull();
    }

    @Test
    void kvConfigIsServedPersistedAndUsedForOrderedTopics() {
        register(client, "broker-a", 0, "127.0.0.1:1001", false, body(DataVersion.ZERO, "Ordered"));
        assertThat(client.invokeSync(
                                addr,
                                RemotingCommand.request(
                                        RequestCode.PUT_KV_CONFIG.code(),
                                        new PutKVConfigRequestHeader("ORDER_TOPIC_CONFIG", "Ordered", "broker-a:4")),
                                T)
                        .code())
                .isZero();
        RemotingCommand got = client.invokeSync(
                addr,
                RemotingCommand.request(
                        RequestCode.GET_KV_CONFIG.code(),
                        new GetKVConfigRequestHeader("ORDER_TOPIC_CONFIG", "Ordered")),
                T);
        assertThat(got.extField("value")).isEqualTo("broker-a:4");
        assertThat(route("Ordered").orderTopicConf()).isEqualTo("broker-a:4");
        RemotingCommand list = client.invokeSync(
                addr,
                RemotingCommand.request(RequestCode.GET_KVLIST_BY_NAMESPACE.code())
                        .extField("namespace", "ORDER_TOPIC_CONFIG"),
                T);
        assertThat(BodyCodec.decode(list.body(), KVTable.class).table()).containsEntry("Ordered", "broker-a:4");
        assertThat(client.invokeSync(
                                addr,
                                RemotingCommand.request(
                                        RequestCode.GET_KV_CONFIG.code(),
                                        new GetKVConfigRequestHeader("ORDER_TOPIC_CONFIG", "missing")),
                                T)
                        .code())
                .isEqualTo(ResponseCode.QUERY_NOT_FOUND.code());
        // survives a restart
        client.shutdown();
        nameServer.close();
        nameServer = new NameServer(
                        NameServerConfig.defaults(dir).withListen("127.0.0.1", 0),
                        InstantSource.system(),
                        NameServerMetrics.NONE)
                .start();
        assertThat(nameServer.kvConfig().get("ORDER_TOPIC_CONFIG", "Ordered")).isEqualTo("broker-a:4");
        addr = "127.0.0.1:" + nameServer.port();
        client = new RemotingClient(ClientConfig.defaults("test-broker"));
        client.invokeSync(
                addr,
                RemotingCommand.request(RequestCode.DELETE_KV_CONFIG.code())
                        .extField("namespace", "ORDER_TOPIC_CONFIG")
                        .extField("key", "Ordered"),
                T);
        assertThat(nameServer.kvConfig().get("ORDER_TOPIC_CONFIG", "Ordered")).isNull();
    }

    @Test
    void wipeAndAddWritePermission() {
        register(client, "broker-a", 0, "127.0.0.1:1001", false, body(DataVersion.ZERO, "T1", "T2"));
        RemotingCommand wiped = client.invokeSync(
                addr,
                RemotingCommand.request(
                        RequestCode.WIPE_WRITE_PERM_OF_BROKER.code(),
                        new WipeWritePermOfBrokerRequestHeader("broker-a")),
                T);
        assertThat(WipeWritePermOfBrokerResponseHeader.decode(wiped.extFields()).wipeTopicCount())
                .isEqualTo(2);
        assertThat(route("T1").queueDatas().get(0).perm() & TopicConfig.PERM_WRITE)
                .isZero();
        RemotingCommand added = client.invokeSync(
                addr,
                RemotingCommand.request(RequestCode.ADD_WRITE_PERM_OF_BROKER.code())
                        .extField("brokerName", "broker-a"),
                T);
        assertThat(added.extField("addTopicCount")).isEqualTo("2");
        assertThat(route("T1").queueDatas().get(0).perm() & TopicConfig.PERM_WRITE)
                .isNotZero();
    }

    @Test
    void nameServersSideBySideKnowOnlyWhatTheyAreTold() throws Exception {
        try (NameServer second = new NameServer(
                        NameServerConfig.defaults(dir.resolve("second")).withListen("127.0.0.1", 0),
                        InstantSource.system(),
                        NameServerMetrics.NONE)
                .start()) {
            register(client, "broker-a", 0, "127.0.0.1:1001", false, body(DataVersion.ZERO, "T"));
            assertThat(route("T")).isNotNull();
            assertThat(second.routes().route("T", null)).isNull();
            assertThat(second.routes().liveBrokerCount()).isZero();
        }
    }
}
