package io.kitemq.nameserver.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.nameserver.NameServer;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.DataVersion;
import io.kitemq.protocol.body.RegisterBrokerBody;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.body.TopicConfigSerializeWrapper;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.PutKVConfigRequestHeader;
import io.kitemq.protocol.header.RegisterBrokerRequestHeader;
import io.kitemq.remoting.ClientConfig;
import io.kitemq.remoting.RemotingClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The Boot shell over HTTP: REST views, problem+json errors, OpenAPI, actuator and metrics. Data lives in a
 * JUnit temp dir; the context is closed after the class, before that dir is deleted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class NameServerRestIT {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("kitemq.nameserver.listen-port", () -> "0");
        registry.add("kitemq.nameserver.bind-address", () -> "127.0.0.1");
        registry.add("kitemq.nameserver.data-dir", () -> dataDir.toString());
    }

    static RemotingClient broker;

    @BeforeAll
    static void client() {
        broker = new RemotingClient(ClientConfig.defaults("rest-test-broker"));
    }

    @AfterAll
    static void close() {
        broker.shutdown();
    }

    @Autowired
    WebTestClient web;

    @Autowired
    NameServer nameServer;

    void registerBroker() {
        String addr = "127.0.0.1:" + nameServer.port();
        RegisterBrokerBody body = new RegisterBrokerBody(
                new TopicConfigSerializeWrapper(
                        Map.of("RestTopic", new TopicConfig("RestTopic", 4, 4, TopicConfig.DEFAULT_PERM)),
                        new DataVersion(0, 1, 1)),
                List.of());
        broker.invokeSync(
                addr,
                RemotingCommand.request(
                                RequestCode.REGISTER_BROKER.code(),
                                new RegisterBrokerRequestHeader(
                                        "broker-rest",
                                        "127.0.0.1:20911",
                                        "RestCluster",
                                        "127.0.0.1:20912",
                                        0,
                                        null,
                                        null,
                                        false,
                                        0))
                        .body(BodyCodec.encode(body)),
                Duration.ofSeconds(5));
        broker.invokeSync(
                addr,
                RemotingCommand.request(RequestCode.PUT_KV_CONFIG.code(), new PutKVConfigRequestHeader("NS", "k", "v")),
                Duration.ofSeconds(5));
    }

    @Test
    void routesClustersBrokersTopicsAndKv() {
        registerBroker();
        web.get()
                .uri("/api/routes/RestTopic")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.queueDatas[0].brokerName")
                .isEqualTo("broker-rest")
                .jsonPath("$.queueDatas[0].writeQueueNums")
                .isEqualTo(4)
                .jsonPath("$.brokerDatas[0].brokerAddrs['0']")
                .isEqualTo("127.0.0.1:20911");
        web.get()
                .uri("/api/clusters")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.clusterAddrTable.RestCluster[0]")
                .isEqualTo("broker-rest");
        web.get()
                .uri("/api/brokers")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].address")
                .isEqualTo("127.0.0.1:20911")
                .jsonPath("$[0].lastHeartbeat")
                .exists();
        web.get()
                .uri("/api/topics")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.topics[0]")
                .isEqualTo("RestTopic");
        web.get()
                .uri("/api/topics?cluster=Nope")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.topics")
                .isEmpty();
        web.get()
                .uri("/api/kv/NS/k")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.value")
                .isEqualTo("v");
        web.get()
                .uri("/api/kv/NS")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.k")
                .isEqualTo("v");
    }

    @Test
    void errorsAreProblemJson() {
        web.get()
                .uri("/api/routes/NoSuchTopic")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains("NoSuchTopic"));
        web.get()
                .uri("/api/routes/{topic}", "bad topic!")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains("illegal character"));
        web.get()
                .uri("/api/kv/none/none")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void openApiActuatorAndMetrics() {
        web.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.info.title")
                .isEqualTo("KiteMQ NameServer")
                .jsonPath("$.paths['/api/routes/{topic}']")
                .exists();
        web.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
        registerBroker();
        web.get().uri("/api/routes/RestTopic").exchange().expectStatus().isOk();
        web.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(text -> assertThat(text)
                        .contains("kitemq_namesrv_brokers_live")
                        .contains("kitemq_namesrv_topics")
                        .contains("kitemq_namesrv_route_lookups_total{result=\"found\"}")
                        .contains("kitemq_namesrv_registrations_total"));
    }
}
