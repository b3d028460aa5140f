package io.kitemq.broker.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.nameserver.NameServer;
import io.kitemq.nameserver.NameServerConfig;
import io.kitemq.nameserver.handler.NameServerMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A real broker for the REST API tests (remoting on an ephemeral loopback port, registered with an
 * in-process NameServer, data in a JUnit temp dir), with helpers for its endpoints. Each test class gets
 * its own broker: the context is closed after the class, before the temp dir is deleted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class BrokerRestTestBase {

    static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {};
    static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST =
            new ParameterizedTypeReference<>() {};
    static final int MAX_MESSAGE_BYTES = 256 * 1024;

    @TempDir
    static Path dir;

    static NameServer nameServer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        nameServer = new NameServer(
                        NameServerConfig.defaults(dir.resolve("namesrv")).withListen("127.0.0.1", 0),
                        InstantSource.system(),
                        NameServerMetrics.NONE)
                .start();
        registry.add("kitemq.broker.listen-port", () -> "0");
        registry.add("kitemq.broker.bind-address", () -> "127.0.0.1");
        registry.add("kitemq.broker.broker-ip", () -> "127.0.0.1");
        registry.add("kitemq.broker.name-server-addr", () -> "127.0.0.1:" + nameServer.port());
        registry.add("kitemq.broker.store.dir", () -> dir.resolve("broker").toString());
        registry.add("kitemq.broker.store.commit-log-segment-size", () -> "64MB");
        registry.add("kitemq.broker.store.max-message-size", () -> MAX_MESSAGE_BYTES + "B");
    }

    @AfterAll
    static void stopNameServer() {
        nameServer.close();
    }

    @Autowired
    WebTestClient web;

    @BeforeEach
    void biggerResponses() {
        web = web.mutate()
                .codecs(c -> c.defaultCodecs().maxInMemorySize(16 << 20))
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Sends {@code request}, expects 200 and returns the JSON object it answered. */
    Map<String, Object> okJson(WebTestClient.RequestHeadersSpec<?> request) {
        return request.exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    Map<String, Object> get(String uri, Object... vars) {
        return okJson(web.get().uri(uri, vars));
    }

    Map<String, Object> sendJson(String topic, Map<String, Object> message) {
        return okJson(web.post()
                .uri("/api/topics/{t}/messages", topic)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(message));
    }

    void createTopic(String topic, int queues) {
        web.put()
                .uri("/api/topics/{t}", topic)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("readQueueNums", queues, "writeQueueNums", queues))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    /** Pulls a queue from {@code offset} until {@code count} messages came back (each pull may long-poll). */
    List<Map<String, Object>> pullAll(String topic, int queueId, long offset, int count) {
        List<Map<String, Object>> messages = new ArrayList<>();
        long next = offset;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (messages.size() < count && System.nanoTime() < deadline) {
            Map<String, Object> pull = get(
                    "/api/topics/{t}/queues/{q}/messages?offset={o}&max=1000&waitMillis=2000", topic, queueId, next);
            messages.addAll(messagesOf(pull));
            next = number(pull.get("nextOffset"));
        }
        assertThat(messages).hasSize(count);
        return messages;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> messagesOf(Map<String, Object> json) {
        return (List<Map<String, Object>>) json.get("messages");
    }

    static long number(Object o) {
        return ((Number) o).longValue();
    }

    WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, HttpStatus status, String detailPart) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(status.value())
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains(detailPart));
    }
}
