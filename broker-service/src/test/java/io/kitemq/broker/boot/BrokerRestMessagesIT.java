package io.kitemq.broker.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** Sending (JSON, raw, batch, delayed and timed) and pulling back over REST, with long polling, and lookups by offset, message id and key. */
class BrokerRestMessagesIT extends BrokerRestTestBase {

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
        Map<String, Object> raw = okJson(web.post()
                .uri("/api/topics/RestSend/messages")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header("X-KiteMQ-Tags", "TagB")
                .header("X-KiteMQ-Keys", "k3, k4")
                .header("X-KiteMQ-Queue-Id", "1")
                .header("X-KiteMQ-Property-shape", "square")
                .bodyValue(binary));
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
        Map<String, Object> timed = okJson(web.post()
                .uri("/api/topics/RestDelayed/messages")
                .contentType(MediaType.TEXT_PLAIN)
                .header("X-KiteMQ-Property-TIMER_DELAY_SEC", "1")
                .bodyValue("timed"));

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
        Map<String, Object> result = okJson(web.post()
                .uri("/api/topics/RestBatch/messages/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(batch));
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
}
