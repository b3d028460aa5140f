package io.kitemq.broker.boot;

import io.kitemq.broker.Broker;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.OffsetMsgId;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.protocol.message.TopicName;
import io.kitemq.store.GetResult;
import io.kitemq.store.MessageFilter;
import io.kitemq.store.QueryResult;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reading messages over REST: pull a queue from an offset (optionally held until a message arrives —
 * long polling through {@link MessageArrivals}, no thread blocked), look a message up by its {@code
 * offsetMsgId}, or query a topic by key or client message id. Reads go to the broker's store directly.
 *
 * <p>Stateless apart from its collaborators; thread-safe.
 */
@RestController
class MessageController {

    static final int MAX_PULL_MESSAGES = 1000;
    static final int MAX_PULL_BYTES = 8 << 20;
    static final long MAX_WAIT_MILLIS = 60_000;
    static final int MAX_QUERY_MESSAGES = 100;

    /**
     * A pull's answer. {@code status}: {@code FOUND}, {@code NO_NEW_MESSAGE} (at the end of the queue) or
     * {@code NO_MATCHED_MESSAGE} (entries skipped by the tag filter or aged out; continue at {@code
     * nextOffset}).
     */
    record PullView(
            String topic,
            int queueId,
            long offset,
            String status,
            long nextOffset,
            long minOffset,
            long maxOffset,
            List<MessageView> messages) {}

    record QueryView(String topic, String key, List<MessageView> messages) {}

    private final Broker broker;
    private final MessageArrivals arrivals;

    MessageController(Broker broker, MessageArrivals arrivals) {
        this.broker = broker;
        this.arrivals = arrivals;
    }

    @GetMapping("/api/topics/{topic}/queues/{queueId}/messages")
    Mono<PullView> pull(
            @PathVariable String topic,
            @PathVariable int queueId,
            @RequestParam long offset,
            @RequestParam(defaultValue = "32") int max,
            @RequestParam(required = false) String tags,
            @RequestParam(defaultValue = "0") long waitMillis) {
        readableQueue(topic, queueId);
        if (max < 1 || max > MAX_PULL_MESSAGES) {
            throw Problem.badRequest("max must be 1 to " + MAX_PULL_MESSAGES + ": " + max);
        }
        if (waitMillis < 0 || waitMillis > MAX_WAIT_MILLIS) {
            throw Problem.badRequest("waitMillis must be 0 to " + MAX_WAIT_MILLIS + ": " + waitMillis);
        }
        long deadlineNanos = System.nanoTime() + Duration.ofMillis(waitMillis).toNanos();
        return pull(topic, queueId, offset, max, TagExpression.of(tags), deadlineNanos);
    }

    /** Reads; when nothing is new and time is left, waits for an arrival and reads again from where it ended. */
    private Mono<PullView> pull(
            String topic, int queueId, long offset, int max, MessageFilter filter, long deadlineNanos) {
        return Mono.fromCallable(() -> read(topic, queueId, offset, max, filter))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(view -> {
                    long remainingNanos = deadlineNanos - System.nanoTime();
                    boolean caughtUp = view.messages().isEmpty() && view.nextOffset() >= view.maxOffset();
                    if (!caughtUp || remainingNanos <= 0) {
                        return Mono.just(view);
                    }
                    return arrivals.await(topic, queueId, view.nextOffset(), filter, Duration.ofNanos(remainingNanos))
                            .flatMap(arrived -> arrived
                                    ? pull(topic, queueId, view.nextOffset(), max, filter, deadlineNanos)
                                    : Mono.just(view));
                });
    }

    private PullView read(String topic, int queueId, long offset, int max, MessageFilter filter) {
        GetResult r = broker.store().get(topic, queueId, offset, max, MAX_PULL_BYTES, filter);
        return switch (r.status()) {
            case FOUND -> view(topic, queueId, offset, "FOUND", r.nextBeginOffset(), r, decode(r.records()));
            case NO_MATCHED_MESSAGE, OFFSET_FOUND_NULL ->
                view(topic, queueId, offset, "NO_MATCHED_MESSAGE", r.nextBeginOffset(), r, List.of());
            case OFFSET_OVERFLOW_ONE -> view(topic, queueId, offset, "NO_NEW_MESSAGE", offset, r, List.of());
            case NO_MATCHED_LOGIC_QUEUE, NO_MESSAGE_IN_QUEUE -> {
                if (offset != r.maxOffset()) {
                    throw Problem.offsetOutOfRange(topic, queueId, offset, r.minOffset(), r.maxOffset());
                }
                yield view(topic, queueId, offset, "NO_NEW_MESSAGE", offset, r, List.of());
            }
            case OFFSET_TOO_SMALL, OFFSET_OVERFLOW_BADLY ->
                throw Problem.offsetOutOfRange(topic, queueId, offset, r.minOffset(), r.maxOffset());
        };
    }

    private static PullView view(
            String topic, int queueId, long offset, String status, long next, GetResult r, List<MessageView> messages) {
        return new PullView(topic, queueId, offset, status, next, r.minOffset(), r.maxOffset(), messages);
    }

    private static List<MessageView> decode(List<ByteBuffer> records) {
        List<MessageView> views = new ArrayList<>(records.size());
        for (ByteBuffer record : records) {
            views.add(MessageView.of(StoredMessageCodec.decode(record, true, true)));
        }
        return views;
    }

    private TopicConfig readableQueue(String topic, int queueId) {
        TopicConfig config = existingTopic(topic);
        if ((config.perm() & TopicConfig.PERM_READ) == 0) {
            throw Problem.forbidden("topic " + topic + " is not readable (perm " + config.perm() + ")");
        }
        if (queueId < 0 || queueId >= config.readQueueNums()) {
            throw Problem.notFound("topic " + topic + " has no queue " + queueId + " (it has " + config.readQueueNums()
                    + " read queues)");
        }
        return config;
    }

    private TopicConfig existingTopic(String topic) {
        String invalid = TopicName.check(topic);
        if (invalid != null) {
            throw Problem.badRequest(invalid);
        }
        TopicConfig config = broker.topics().get(topic);
        if (config == null) {
            throw Problem.notFound("topic " + topic + " does not exist on broker "
                    + broker.config().brokerName());
        }
        return config;
    }

    /** Messages of a topic whose business key (KEYS) or client message id (UNIQ_KEY) is {@code key}, newest first. */
    @GetMapping("/api/topics/{topic}/messages")
    Mono<QueryView> query(
            @PathVariable String topic,
            @RequestParam String key,
            @RequestParam(defaultValue = "0") long begin,
            @RequestParam(defaultValue = "" + Long.MAX_VALUE) long end,
            @RequestParam(defaultValue = "32") int max) {
        existingTopic(topic);
        if (key.isBlank()) {
            throw Problem.badRequest("key is blank");
        }
        if (max < 1 || max > MAX_QUERY_MESSAGES) {
            throw Problem.badRequest("max must be 1 to " + MAX_QUERY_MESSAGES + ": " + max);
        }
        if (begin > end) {
            throw Problem.badRequest("begin " + begin + " is after end " + end);
        }
        return Mono.fromCallable(() -> {
                    QueryResult r = broker.store().query(topic, key, max, begin, end);
                    return new QueryView(topic, key, decode(r.records()));
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** The message an {@code offsetMsgId} names (store host and CommitLog offset), if this broker stores it. */
    @GetMapping("/api/messages/{offsetMsgId}")
    Mono<MessageView> byOffsetMsgId(@PathVariable String offsetMsgId) {
        OffsetMsgId id;
        try {
            id = OffsetMsgId.decode(offsetMsgId);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("not an offsetMsgId: " + e.getMessage());
        }
        return Mono.fromCallable(() -> {
                    MessageExt m = readAt(id.commitLogOffset());
                    if (m == null || !offsetMsgId.equalsIgnoreCase(m.getMsgId())) {
                        throw Problem.notFound("no message " + offsetMsgId + " (store host " + id.brokerAddress()
                                + ", CommitLog offset " + id.commitLogOffset() + ") on this broker");
                    }
                    return MessageView.of(m);
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** The record starting exactly at {@code offset}, or null (none, aged out, or not a record boundary). */
    private MessageExt readAt(long offset) {
        if (offset < broker.store().commitLogMinOffset()
                || offset >= broker.store().commitLogMaxOffset()) {
            return null;
        }
        try {
            ByteBuffer record = broker.store().readAt(offset);
            MessageExt m = record == null ? null : StoredMessageCodec.decode(record, true, true);
            return m != null && m.getCommitLogOffset() == offset ? m : null;
        } catch (RuntimeException e) {
            return null; // an offset inside a record reads garbage
        }
    }
}
