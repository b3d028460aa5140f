package io.kitemq.broker.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.nameserver.NameServer;
import io.kitemq.nameserver.NameServerConfig;
import io.kitemq.nameserver.handler.NameServerMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The broker's REST API over HTTP against a real broker (remoting on an ephemeral loopback port,
 * registered with an in-process NameServer): send JSON, raw and batch, pull back with and without long
 * polling, offsets and lag, topic and group administration, lookups by id and key, problem+json errors,
 * status, OpenAPI and metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class BrokerRestIT {

    static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {};
    static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST =
            new ParameterizedTypeReference<>() {};
    static final int MAX_MESSAGE_BYTES = 256 * 1024;

    static Path dir;
    static NameServer nameServer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        dir = Files.createTempDirectory("kitemq-broker-rest");
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

    Map<String, Object> get(String uri, Object... vars) {
        return web.get()
                .uri(uri, vars)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    Map<String, Object> sendJson(String topic, Map<String, Object> message) {
        return web.post()
                .uri("/api/topics/{t}/messages", topic)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(message)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
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

    // ------------------------------------------------------------------------------------------ tests

    @Test
    void sendJsonAndRawThenPullBackExactlyWhatWasSent() {
        Map<String, Object> json = sendJson(
                "RestSend",
                Map.of(
                        "body",
                        "hello ✓",
                        "tags",
                        "TagA",
                        "keys",
                        List.of("k1", "k2"),
                        "properties",
                        Map.of("color", "red"),
                        "queueId",
                        1));
        assertThat((String) json.get("msgId")).hasSizeBetween(32, 56);
        assertThat((String) json.get("offsetMsgId")).hasSize(32);
        assertThat(json)
                .containsEntry("queueId", 1)
                .containsEntry("queueOffset", 0)
                .containsEntry("status", "SEND_OK");

        byte[] binary = {(byte) 0xFF, 0, 1, 2, (byte) 0xC3};
        Map<String, Object> raw = web.post()
                .uri("/api/topics/RestSend/messages")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header("X-KiteMQ-Tags", "TagB")
                .header("X-KiteMQ-Keys", "k3, k4")
                .header("X-KiteMQ-Queue-Id", "1")
                .header("X-KiteMQ-Property-shape", "square")
                .bodyValue(binary)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
        assertThat(raw).containsEntry("queueOffset", 1);

        List<Map<String, Object>> pulled = pullAll("RestSend", 1, 0, 2);
        Map<String, Object> first = pulled.get(0);
        assertThat(first)
                .containsEntry("msgId", json.get("msgId"))
                .containsEntry("offsetMsgId", json.get("offsetMsgId"))
                .containsEntry("body", "hello ✓")
                .containsEntry("tags", "TagA")
                .containsEntry("keys", List.of("k1", "k2"))
                .containsEntry("properties", Map.of("color", "red"))
                .containsEntry("queueOffset", 0)
                .doesNotContainKey("bodyBase64");
        assertThat((String) first.get("bornHost")).startsWith("127.0.0.1:");
        assertThat((String) first.get("storeHost")).startsWith("127.0.0.1:");
        Map<String, Object> second = pulled.get(1);
        assertThat(second)
                .containsEntry("msgId", raw.get("msgId"))
                .containsEntry("tags", "TagB")
                .containsEntry("keys", List.of("k3", "k4"))
                .containsEntry("properties", Map.of("shape", "square"))
                .containsEntry("bodyBase64", Base64.getEncoder().encodeToString(binary))
                .doesNotContainKey("body");

        Map<String, Object> onlyA = get("/api/topics/RestSend/queues/1/messages?offset=0&tags=TagA");
        assertThat(messagesOf(onlyA)).extracting(m -> m.get("tags")).containsExactly("TagA");
    }

    @Test
    void delayedAndTimedSendsArriveAfterTheirDelay() {
        createTopic("RestDelayed", 1);
        long sent = System.currentTimeMillis();
        Map<String, Object> delayed =
                sendJson("RestDelayed", Map.of("body", "later", "properties", Map.of("DELAY", "1")));
        Map<String, Object> timed = web.post()
                .uri("/api/topics/RestDelayed/messages")
                .contentType(MediaType.TEXT_PLAIN)
                .header("X-KiteMQ-Property-TIMER_DELAY_SEC", "1")
                .bodyValue("timed")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();

        List<Map<String, Object>> pulled = pullAll("RestDelayed", 0, 0, 2);
        assertThat(pulled)
                .extracting(m -> m.get("msgId"))
                .containsExactlyInAnyOrder(delayed.get("msgId"), timed.get("msgId"));
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(sent + 1000);
    }

    @Test
    void batchOfHundredKibibyteMessagesIsStoredInOneQueueAndPulledBack() {
        createTopic("RestBatch", 4);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(Map.of(
                    "body", ("m" + i + "-").repeat(1024).substring(0, 1024), "queueId", 2, "keys", List.of("b" + i)));
        }
        Map<String, Object> result = web.post()
                .uri("/api/topics/RestBatch/messages/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(batch)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
        assertThat(result)
                .containsEntry("count", 100)
                .containsEntry("queueId", 2)
                .containsEntry("queueOffset", 0);
        List<Map<String, Object>> sent = messagesOf(result);
        assertThat(sent)
                .extracting(m -> number(m.get("queueOffset")))
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.range(0, 100).boxed().toList());

        List<Map<String, Object>> pulled = pullAll("RestBatch", 2, 0, 100);
        for (int i = 0; i < 100; i++) {
            assertThat(pulled.get(i))
                    .containsEntry("body", batch.get(i).get("body"))
                    .containsEntry("msgId", sent.get(i).get("msgId"))
                    .containsEntry("keys", List.of("b" + i));
        }
    }

    @Test
    void longPollIsReleasedByALaterSend() throws Exception {
        createTopic("RestLongPoll", 1);
        long start = System.nanoTime();
        CompletableFuture<Map<String, Object>> pull = CompletableFuture.supplyAsync(
                () -> get("/api/topics/RestLongPoll/queues/0/messages?offset=0&waitMillis=20000"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> number(get("/api/broker").get("heldRestPulls")) == 1);
        sendJson("RestLongPoll", Map.of("body", "wake up"));
        Map<String, Object> answer = pull.get(15, TimeUnit.SECONDS);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(answer).containsEntry("status", "FOUND").containsEntry("nextOffset", 1);
        assertThat(messagesOf(answer)).extracting(m -> m.get("body")).containsExactly("wake up");
        assertThat(elapsedMillis).isLessThan(15_000);
        assertThat(number(get("/api/broker").get("heldRestPulls"))).isZero();

        Map<String, Object> empty = get("/api/topics/RestLongPoll/queues/0/messages?offset=1&waitMillis=200");
        assertThat(empty).containsEntry("status", "NO_NEW_MESSAGE").containsEntry("nextOffset", 1);
        assertThat(messagesOf(empty)).isEmpty();
    }

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
        Map<String, Object> view = web.post()
                .uri("/api/groups/{g}/offsets/RestReset/reset", group)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
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

    @Test
    void messagesAreFoundByOffsetMsgIdAndByKey() {
        Map<String, Object> sent = sendJson("RestLookup", Map.of("body", "find me", "keys", List.of("order-42")));
        String offsetMsgId = (String) sent.get("offsetMsgId");
        web.get()
                .uri("/api/messages/{id}", offsetMsgId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.body")
                .isEqualTo("find me")
                .jsonPath("$.msgId")
                .isEqualTo(sent.get("msgId"))
                .jsonPath("$.topic")
                .isEqualTo("RestLookup");
        web.get()
                .uri("/api/messages/{id}", offsetMsgId.toLowerCase())
                .exchange()
                .expectStatus()
                .isOk();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> messagesOf(get("/api/topics/RestLookup/messages?key=order-42"))
                                .size()
                        == 1);
        assertThat(messagesOf(get("/api/topics/RestLookup/messages?key={k}", sent.get("msgId"))))
                .extracting(m -> m.get("offsetMsgId"))
                .containsExactly(offsetMsgId);
        assertThat(messagesOf(get("/api/topics/RestLookup/messages?key=nope"))).isEmpty();

        problem(web.get().uri("/api/messages/not-an-id").exchange(), HttpStatus.BAD_REQUEST, "offsetMsgId");
        String farAway = offsetMsgId.substring(0, 16) + "00000000FFFFFFFF";
        problem(web.get().uri("/api/messages/{id}", farAway).exchange(), HttpStatus.NOT_FOUND, "no message");
        String inside = offsetMsgId.substring(0, 16)
                + String.format("%016X", Long.parseLong(offsetMsgId.substring(16), 16) + 7);
        problem(web.get().uri("/api/messages/{id}", inside).exchange(), HttpStatus.NOT_FOUND, "no message");
    }

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
