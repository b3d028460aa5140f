package io.kitemq.broker.boot;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sending over REST: one message as JSON or as raw bytes with {@code X-KiteMQ-*} headers, or a JSON
 * batch stored in one queue. Everything goes through {@link RestAppender} into the broker's one send path,
 * the one the remoting send handlers use.
 *
 * <p>Stateless apart from its collaborators; thread-safe.
 */
@RestController
@RequestMapping("/api/topics/{topic}/messages")
class SendController {

    static final String TAGS_HEADER = "X-KiteMQ-Tags";
    static final String KEYS_HEADER = "X-KiteMQ-Keys";
    static final String QUEUE_HEADER = "X-KiteMQ-Queue-Id";
    static final String PROPERTY_HEADER_PREFIX = "X-KiteMQ-Property-";

    /**
     * One message to send as JSON: exactly one of {@code body} (text, stored as UTF-8) and {@code
     * bodyBase64} (bytes); {@code properties} may carry {@code UNIQ_KEY} to choose the message id.
     */
    record SendBody(
            String body,
            String bodyBase64,
            String tags,
            List<String> keys,
            Map<String, String> properties,
            Integer queueId) {

        RestMessage toMessage() {
            if ((body == null) == (bodyBase64 == null)) {
                throw Problem.badRequest("give exactly one of 'body' (text) and 'bodyBase64' (bytes)");
            }
            byte[] bytes;
            if (body != null) {
                bytes = body.getBytes(StandardCharsets.UTF_8);
            } else {
                try {
                    bytes = Base64.getDecoder().decode(bodyBase64);
                } catch (IllegalArgumentException e) {
                    throw Problem.badRequest("'bodyBase64' is not valid base64: " + e.getMessage());
                }
            }
            return new RestMessage(bytes, tags, keys, properties, queueId);
        }
    }

    /** Where one message was stored; {@code msgId} is the client's id ({@code UNIQ_KEY}). */
    record SendView(String msgId, String offsetMsgId, int queueId, long queueOffset, String status) {}

    /** Where a batch was stored: one queue, consecutive offsets from {@code queueOffset}. */
    record BatchView(String status, int queueId, long queueOffset, int count, List<SendView> messages) {}

    private final RestAppender appender;

    SendController(RestAppender appender) {
        this.appender = appender;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<SendView> sendJson(@PathVariable String topic, @RequestBody SendBody body, ServerHttpRequest request) {
        return send(topic, () -> List.of(body.toMessage()), request).map(views -> views.get(0));
    }

    /** Raw bytes; tag, keys (comma-separated), queue and properties come from {@code X-KiteMQ-*} headers. */
    @PostMapping(consumes = {MediaType.APPLICATION_OCTET_STREAM_VALUE, MediaType.TEXT_PLAIN_VALUE})
    Mono<SendView> sendRaw(@PathVariable String topic, @RequestBody byte[] body, ServerHttpRequest request) {
        return send(topic, () -> List.of(fromHeaders(body, request.getHeaders())), request)
                .map(views -> views.get(0));
    }

    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<BatchView> sendBatch(
            @PathVariable String topic, @RequestBody List<SendBody> bodies, ServerHttpRequest request) {
        return send(topic, () -> bodies.stream().map(SendController::toMessage).toList(), request)
                .map(views -> new BatchView(
                        views.get(0).status(),
                        views.get(0).queueId(),
                        views.get(0).queueOffset(),
                        views.size(),
                        views));
    }

    private static RestMessage toMessage(SendBody body) {
        if (body == null) {
            throw Problem.badRequest("a batch entry is null");
        }
        return body.toMessage();
    }

    /** Builds the messages where the send runs, so that their refusals become problems like the send's. */
    private Mono<List<SendView>> send(String topic, Supplier<List<RestMessage>> messages, ServerHttpRequest request) {
        InetSocketAddress born = bornHost(request);
        return Mono.fromCallable(() -> appender.send(topic, messages.get(), born))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(Mono::fromFuture)
                .map(o -> o.messages().stream()
                        .map(s -> new SendView(s.msgId(), s.offsetMsgId(), s.queueId(), s.queueOffset(), o.status()))
                        .toList());
    }

    static RestMessage fromHeaders(byte[] body, HttpHeaders headers) {
        List<String> keys = new ArrayList<>();
        String keyHeader = headers.getFirst(KEYS_HEADER);
        if (keyHeader != null) {
            Arrays.stream(keyHeader.split(","))
                    .map(String::trim)
                    .filter(k -> !k.isEmpty())
                    .forEach(keys::add);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        String prefix = PROPERTY_HEADER_PREFIX.toLowerCase(Locale.ROOT);
        for (String name : headers.headerNames()) {
            if (name.toLowerCase(Locale.ROOT).startsWith(prefix) && name.length() > prefix.length()) {
                properties.put(name.substring(prefix.length()), headers.getFirst(name));
            }
        }
        String queue = headers.getFirst(QUEUE_HEADER);
        Integer queueId;
        try {
            queueId = queue == null ? null : Integer.valueOf(queue.trim());
        } catch (NumberFormatException e) {
            throw Problem.badRequest(QUEUE_HEADER + " is not a number: '" + queue + "'");
        }
        return new RestMessage(body, headers.getFirst(TAGS_HEADER), keys, properties, queueId);
    }

    /** The HTTP peer: the born host, as the remoting send records its connection's peer. */
    private static InetSocketAddress bornHost(ServerHttpRequest request) {
        InetSocketAddress a = request.getRemoteAddress();
        if (a == null) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        }
        return a.isUnresolved() ? new InetSocketAddress(InetAddress.getLoopbackAddress(), a.getPort()) : a;
    }
}
