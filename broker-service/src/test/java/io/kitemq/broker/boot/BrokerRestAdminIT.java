package io.kitemq.broker.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** Topic and group administration over REST, consumer offsets (commit, read, reset) and lag, also in Prometheus. */
class BrokerRestAdminIT extends BrokerRestTestBase {

    @Test
    void groupOffsetsAreResetToEarliestLatestOrATime() {
        createTopic("RestReset", 1);
        for (int i = 0; i < 4; i++) {
            sendJson("RestReset", Map.of("body", "r" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Map<String, Object> topic = get("/api/topics/RestReset");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> queues = (List<Map<String, Object>>) topic.get("queues");
            return number(queues.get(0).get("maxOffset")) == 4;
        });
        web.put().uri("/api/groups/rest-reset-group").exchange().expectStatus().isCreated();
        assertThat(reset("rest-reset-group", Map.of("to", "latest"))).containsEntry("0", 4);
        assertThat(reset("rest-reset-group", Map.of("to", "earliest"))).containsEntry("0", 0);
        assertThat(reset("rest-reset-group", Map.of("to", "timestamp", "timestamp", Long.MAX_VALUE)))
                .as("after every message: the end")
                .containsEntry("0", 4);
        assertThat(reset("rest-reset-group", Map.of("to", "timestamp", "timestamp", 0)))
                .containsEntry("0", 0);
        assertThat(get("/api/groups/rest-reset-group/offsets").toString()).contains("committed=0");
        web.post()
                .uri("/api/groups/rest-reset-group/offsets/RestReset/reset")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("to", "sideways"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat(d.toString()).contains("earliest, latest or timestamp"));
        web.post()
                .uri("/api/groups/rest-reset-group/offsets/NoSuchTopic/reset")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("to", "earliest"))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> reset(String group, Map<String, Object> body) {
        Map<String, Object> view = okJson(web.post()
                .uri("/api/groups/{g}/offsets/RestReset/reset", group)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body));
        return (Map<String, Object>) view.get("offsets");
    }

    @Test
    void offsetsAreCommittedReadAndLagged() {
        createTopic("RestOffsets", 1);
        for (int i = 0; i < 5; i++) {
            sendJson("RestOffsets", Map.of("body", "o" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Map<String, Object> topic = get("/api/topics/RestOffsets");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> queues = (List<Map<String, Object>>) topic.get("queues");
            return number(queues.get(0).get("maxOffset")) == 5;
        });
        web.put()
                .uri("/api/groups/rest-offsets-group")
                .exchange()
                .expectStatus()
                .isCreated();
        web.put()
                .uri("/api/groups/rest-offsets-group/offsets/RestOffsets/0")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("offset", 2))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.committed")
                .isEqualTo(2)
                .jsonPath("$.maxOffset")
                .isEqualTo(5)
                .jsonPath("$.lag")
                .isEqualTo(3);

        web.get()
                .uri("/api/groups/rest-offsets-group/offsets")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.lag")
                .isEqualTo(3)
                .jsonPath("$.topics[0].topic")
                .isEqualTo("RestOffsets")
                .jsonPath("$.topics[0].queues[0].committed")
                .isEqualTo(2);
        web.get()
                .uri("/api/topics/RestOffsets")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.groupsWithOffsets[0]")
                .isEqualTo("rest-offsets-group");

        problem(
                        web.put()
                                .uri("/api/groups/rest-offsets-group/offsets/RestOffsets/0")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("offset", 6))
                                .exchange(),
                        HttpStatus.BAD_REQUEST,
                        "out of range")
                .jsonPath("$.maxOffset")
                .isEqualTo(5);
        problem(
                web.put()
                        .uri("/api/groups/rest-offsets-group/offsets/RestOffsets/3")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("offset", 0))
                        .exchange(),
                HttpStatus.NOT_FOUND,
                "no queue 3");
    }

    @Test
    void consumerLagIsInPrometheus() {
        createTopic("RestLag", 1);
        for (int i = 0; i < 4; i++) {
            sendJson("RestLag", Map.of("body", "l" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Map<String, Object> topic = get("/api/topics/RestLag");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> queues = (List<Map<String, Object>>) topic.get("queues");
            return number(queues.get(0).get("maxOffset")) == 4;
        });
        web.put().uri("/api/groups/rest-lag-group").exchange().expectStatus().isCreated();
        web.put()
                .uri("/api/groups/rest-lag-group/offsets/RestLag/0")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("offset", 1))
                .exchange()
                .expectStatus()
                .isOk();

        // the gauges take a snapshot every few seconds
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<String> lines = web.get()
                            .uri("/actuator/prometheus")
                            .exchange()
                            .expectStatus()
                            .isOk()
                            .expectBody(String.class)
                            .returnResult()
                            .getResponseBody()
                            .lines()
                            .toList();
                    assertThat(lines)
                            .anyMatch(l -> l.startsWith("kitemq_broker_consumer_lag_messages{")
                                    && l.contains("group=\"rest-lag-group\"")
                                    && l.contains("topic=\"RestLag\"")
                                    && l.contains("queue=\"0\"")
                                    && l.endsWith(" 3.0"));
                    assertThat(lines)
                            .contains("kitemq_broker_consumer_lag_total_messages{group=\"rest-lag-group\"} 3.0");
                });
    }

    @Test
    void topicsAreCreatedUpdatedListedAndDeleted() {
        createTopic("RestTopicCrud", 2);
        web.put()
                .uri("/api/topics/RestTopicCrud")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("perm", 4))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.perm")
                .isEqualTo(4)
                .jsonPath("$.readQueueNums")
                .isEqualTo(2);
        web.get()
                .uri("/api/topics/RestTopicCrud")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.config.writeQueueNums")
                .isEqualTo(2)
                .jsonPath("$.queues.length()")
                .isEqualTo(2);
        web.get()
                .uri("/api/topics")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.topicName == 'RestTopicCrud')]")
                .exists();
        problem(
                web.post()
                        .uri("/api/topics/RestTopicCrud/messages")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("body", "x"))
                        .exchange(),
                HttpStatus.FORBIDDEN,
                "not writable");

        await().atMost(Duration.ofSeconds(10)).until(() -> nameServer.routes().route("RestTopicCrud", null) != null);

        web.delete().uri("/api/topics/RestTopicCrud").exchange().expectStatus().isNoContent();
        problem(web.get().uri("/api/topics/RestTopicCrud").exchange(), HttpStatus.NOT_FOUND, "RestTopicCrud");
        problem(web.delete().uri("/api/topics/RestTopicCrud").exchange(), HttpStatus.NOT_FOUND, "does not exist");
        problem(
                web.put()
                        .uri("/api/topics/TBW102")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of())
                        .exchange(),
                HttpStatus.FORBIDDEN,
                "system topic");
        problem(
                web.put()
                        .uri("/api/topics/RestTopicBad")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("perm", 99))
                        .exchange(),
                HttpStatus.BAD_REQUEST,
                "perm");
    }

    @Test
    void groupsAreCreatedUpdatedListedAndDeleted() {
        web.put()
                .uri("/api/groups/rest-crud-group")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("retryMaxTimes", 3))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.groupName")
                .isEqualTo("rest-crud-group")
                .jsonPath("$.retryMaxTimes")
                .isEqualTo(3);
        web.put()
                .uri("/api/groups/rest-crud-group")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("consumeEnable", false))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.consumeEnable")
                .isEqualTo(false)
                .jsonPath("$.retryMaxTimes")
                .isEqualTo(3);
        web.get()
                .uri("/api/groups/rest-crud-group")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.config.consumeEnable")
                .isEqualTo(false)
                .jsonPath("$.online")
                .doesNotExist();
        web.get()
                .uri("/api/groups")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.group == 'rest-crud-group')].configured")
                .isEqualTo(List.of(true));
        web.delete()
                .uri("/api/groups/rest-crud-group")
                .exchange()
                .expectStatus()
                .isNoContent();
        problem(web.get().uri("/api/groups/rest-crud-group").exchange(), HttpStatus.NOT_FOUND, "rest-crud-group");
        problem(web.put().uri("/api/groups/{g}", "bad group!").exchange(), HttpStatus.BAD_REQUEST, "illegal character");
    }
}
