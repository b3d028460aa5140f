package io.kitemq.client.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kitemq.client.RetriableClientException;
import io.kitemq.client.TopicNotFoundException;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.BrokerData;
import io.kitemq.protocol.body.HeartbeatData;
import io.kitemq.protocol.body.ProducerData;
import io.kitemq.protocol.body.QueueData;
import io.kitemq.protocol.body.TopicRouteData;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RemotingServer;
import io.kitemq.remoting.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runtime against a fake NameServer + broker (one remoting server answering both roles). */
class ClientRuntimeIT {

    private RemotingServer server;
    private String address;
    private final AtomicInteger routeLookups = new AtomicInteger();
    private final AtomicInteger queues = new AtomicInteger(4);
    private final List<HeartbeatData> beats = new CopyOnWriteArrayList<>();
    private final Map<String, String> unregistered = new ConcurrentHashMap<>();
    private final AtomicReference<RemotingPeer> clientPeer = new AtomicReference<>();

    @BeforeEach
    void startFakeCluster() {
        server = new RemotingServer(ServerConfig.defaults("fake", 0).withBindAddress("127.0.0.1"));
        server.registerHandler(RequestCode.GET_ROUTEINFO_BY_TOPIC.code(), (peer, request) -> {
            routeLookups.incrementAndGet();
            assertThat(request.extField("acceptStandardJsonOnly")).isEqualTo("true");
            if (!request.extField("topic").equals("T")) {
                return RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST, "No topic route info");
            }
            TopicRouteData data = new TopicRouteData(
                    List.of(new QueueData("broker-a", queues.get(), queues.get(), 6, 0)),
                    List.of(new BrokerData("c", "broker-a", Map.of(0L, address))));
            return RemotingCommand.success().body(BodyCodec.encode(data));
        });
        server.registerHandler(RequestCode.HEART_BEAT.code(), (peer, request) -> {
            beats.add(BodyCodec.decode(request.body(), HeartbeatData.class));
            clientPeer.set(peer);
            return RemotingCommand.success();
        });
        server.registerHandler(RequestCode.UNREGISTER_CLIENT.code(), (peer, request) -> {
            unregistered.put(request.extField("producerGroup"), request.extField("clientID"));
            return RemotingCommand.success();
        });
        server.start();
        address = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void routesAreCachedRefreshedAndReportedWhenChanged() {
        ClientOptions options = ClientOptions.of(address).withRouteRefreshInterval(Duration.ofMillis(100));
        try (ClientRuntime runtime = ClientRuntime.start(options, "test")) {
            TopicRoute route = runtime.route("T");
            assertThat(route.publishQueues()).hasSize(4);
            assertThat(runtime.route("T")).isSameAs(route);
            assertThat(runtime.masterAddress("broker-a")).isEqualTo(address);

            AtomicReference<TopicRoute> changed = new AtomicReference<>();
            runtime.addRouteListener(changed::set);
            queues.set(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> changed.get() != null);
            assertThat(changed.get().publishQueues()).hasSize(2);
            assertThat(runtime.cachedRoute("T")).contains(changed.get());

            assertThatThrownBy(() -> runtime.route("Missing"))
                    .isInstanceOf(TopicNotFoundException.class)
                    .hasMessageContaining("Missing");
            assertThat(runtime.findRoute("Missing")).isEmpty();
        }
    }

    @Test
    void heartbeatsCarryRegisteredGroupsAndBrokersCanCallTheClientBack() throws Exception {
        try (ClientRuntime runtime = ClientRuntime.start(ClientOptions.of(address), "test")) {
            runtime.registerHandler(
                    RequestCode.CHECK_TRANSACTION_STATE,
                    (peer, request) -> RemotingCommand.success().remark("checked " + request.extField("x")),
                    null);
            runtime.route("T");
            HeartbeatContributor producer = new HeartbeatContributor() {
                @Override
                public Set<ProducerData> producers() {
                    return Set.of(new ProducerData("PG"));
                }
            };
            runtime.register(producer);
            await().atMost(Duration.ofSeconds(10)).until(() -> !beats.isEmpty());
            assertThat(runtime.heartbeatNow()).isEqualTo(1);
            HeartbeatData beat = beats.get(beats.size() - 1);
            assertThat(beat.clientID()).isEqualTo(runtime.clientId()).contains("@");
            assertThat(beat.producerDataSet()).containsExactly(new ProducerData("PG"));

            RemotingCommand callback = RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE.code())
                    .extField("x", "42");
            RemotingCommand answer = server.invoke(clientPeer.get(), callback, Duration.ofSeconds(5))
                    .get();
            assertThat(answer.remark()).isEqualTo("checked 42");

            runtime.unregister(producer);
            assertThat(unregistered).containsEntry("PG", runtime.clientId());
        }
    }

    @Test
    void twoRuntimesHaveDistinctIdsAndAClosedOneRefusesCalls() {
        ClientRuntime a = ClientRuntime.start(ClientOptions.of(address), "a");
        ClientRuntime b = ClientRuntime.start(ClientOptions.of(address), "b");
        assertThat(a.clientId()).isNotEqualTo(b.clientId());
        a.close();
        b.close();
        assertThat(a.remoting().openConnections()).isZero();
        assertThatThrownBy(() -> a.route("T")).hasMessageContaining("closed");
    }

    @Test
    void unreachableNameServersGiveARetriableError() {
        server.close();
        try (ClientRuntime runtime =
                ClientRuntime.start(ClientOptions.of(address).withRequestTimeout(Duration.ofMillis(500)), "test")) {
            assertThatThrownBy(() -> runtime.route("T"))
                    .isInstanceOf(RetriableClientException.class)
                    .hasMessageContaining(address);
        }
    }
}
