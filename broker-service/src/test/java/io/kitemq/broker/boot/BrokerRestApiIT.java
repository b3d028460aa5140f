package io.kitemq.broker.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** The REST API's edges: bad input of every kind answered as problem+json, status, OpenAPI, health and metrics. */
class BrokerRestApiIT extends BrokerRestTestBase {

    @Test
    void badInputsAreProblems() {
        problem(
                web.post()
                        .uri("/api/topics/{t}/messages", "bad topic!")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("body", "x"))
                        .exchange(),
                HttpStatus.BAD_REQUEST,
                "illegal character");
        problem(
                web.post()
                        .uri("/api/topics/RestBad/messages")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"body\": \"unterminated")
                        .exchange(),
                HttpStatus.BAD_REQUEST,
                "Failed to read");
        problem(
                web.post()
                        .uri("/api/topics/RestBad/messages")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("tags", "x"))
                        .exchange(),
                HttpStatus.BAD_REQUEST,
                "exactly one of");
        problem(
                web.post()
                        .uri("/api/topics/RestBad/messages")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("bodyBase64", "not*base64!"))
                        .exchange(),
                HttpStatus.BAD_REQUEST,
                "not valid base64");
        problem(
                web.post()
                        .uri("/api/topics/RestBad/messages/batch")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("body", "not in an array"))
                        .exchange(),
                HttpStatus.BAD_REQUEST,
                "Failed to read");
        problem(
                web.post()
                        .uri("/api/topics/RestBad/messages/batch")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(List.of())
                        .exchange(),
                HttpStatus.BAD_REQUEST,
                "empty");
        problem(
                web.post()
                        .uri("/api/topics/RestBad/messages")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("body", "x", "properties", Map.of("REAL_TOPIC", "Other")))
                        .exchange(),
                HttpStatus.BAD_REQUEST,
                "reserved");
        problem(
                web.post()
                        .uri("/api/topics/RestBad/messages")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("body", "x", "properties", Map.of("DELAY", "-1")))
                        .exchange(),
                HttpStatus.BAD_REQUEST,
                "delay level (property DELAY) '-1' is invalid");
        problem(
                web.post()
                        .uri("/api/topics/RestBad/messages")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("body", "x", "queueId", 99))
                        .exchange(),
                HttpStatus.BAD_REQUEST,
                "queueId 99");
        problem(
                web.post()
                        .uri("/api/topics/RestBad/messages")
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .bodyValue(new byte[MAX_MESSAGE_BYTES + 1])
                        .exchange(),
                HttpStatus.CONTENT_TOO_LARGE,
                "exceed");
        problem(
                web.post()
                        .uri("/api/topics/RestBad/messages")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("body", "y".repeat(MAX_MESSAGE_BYTES + 1)))
                        .exchange(),
                HttpStatus.CONTENT_TOO_LARGE,
                "exceed");
        problem(
                web.post()
                        .uri("/api/topics/TBW102/messages")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("body", "x"))
                        .exchange(),
                HttpStatus.FORBIDDEN,
                "system topic");

        problem(
                web.get()
                        .uri("/api/topics/NoSuchTopic/queues/0/messages?offset=0")
                        .exchange(),
                HttpStatus.NOT_FOUND,
                "NoSuchTopic");
        createTopic("RestRange", 1);
        sendJson("RestRange", Map.of("body", "x"));
        pullAll("RestRange", 0, 0, 1);
        problem(
                        web.get()
                                .uri("/api/topics/RestRange/queues/0/messages?offset=7")
                                .exchange(),
                        HttpStatus.BAD_REQUEST,
                        "out of range")
                .jsonPath("$.minOffset")
                .isEqualTo(0)
                .jsonPath("$.maxOffset")
                .isEqualTo(1);
        problem(web.get().uri("/api/topics/RestRange/queues/0/messages").exchange(), HttpStatus.BAD_REQUEST, "offset");
        problem(
                web.get()
                        .uri("/api/topics/RestRange/queues/0/messages?offset=abc")
                        .exchange(),
                HttpStatus.BAD_REQUEST,
                "offset");
        problem(
                web.get()
                        .uri("/api/topics/RestRange/queues/5/messages?offset=0")
                        .exchange(),
                HttpStatus.NOT_FOUND,
                "no queue 5");

        Map<String, Object> after = sendJson("RestBad", Map.of("body", "still serving"));
        assertThat(after).containsEntry("status", "SEND_OK");
        assertThat(pullAll("RestBad", ((Number) after.get("queueId")).intValue(), number(after.get("queueOffset")), 1))
                .extracting(m -> m.get("body"))
                .containsExactly("still serving");
    }

    @Test
    void statusOpenApiHealthAndMetrics() {
        sendJson("RestMetrics", Map.of("body", "count me"));
        Map<String, Object> status = get("/api/broker");
        assertThat(status)
                .containsEntry("brokerName", "broker-a")
                .containsEntry("clusterName", "DefaultCluster")
                .containsEntry("writable", true)
                .containsEntry("nameServers", List.of("127.0.0.1:" + nameServer.port()));
        assertThat((String) status.get("address")).startsWith("127.0.0.1:");
        assertThat(number(status.get("commitLogMaxOffset"))).isPositive();
        assertThat(status)
                .containsKeys("dispatchedOffset", "flushedOffset", "heldPulls", "diskUsedRatio", "readOnlyReason");
        await().atMost(Duration.ofSeconds(10)).until(() -> nameServer.routes().liveBrokerCount() == 1);

        web.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.info.title")
                .isEqualTo("KiteMQ Broker")
                .jsonPath("$.paths['/api/topics/{topic}/messages'].post")
                .exists()
                .jsonPath("$.paths['/api/topics/{topic}/queues/{queueId}/messages'].get")
                .exists()
                .jsonPath("$.paths['/api/groups/{group}/offsets'].get")
                .exists()
                .jsonPath("$.paths['/api/broker'].get")
                .exists();
        web.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
        web.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(text -> assertThat(text)
                        .contains("kitemq_broker_messages_in")
                        .contains("topic=\"RestMetrics\"")
                        .contains("kitemq_broker_transactions_pending"));
    }
}
