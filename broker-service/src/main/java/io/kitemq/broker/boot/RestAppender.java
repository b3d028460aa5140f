package io.kitemq.broker.boot;

import io.kitemq.broker.send.SendOutcome;
import io.kitemq.broker.send.SendPath;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.header.SendMessageRequestHeader;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.protocol.message.TopicName;
import io.kitemq.protocol.message.UniqueIdGenerator;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;

/**
 * The REST door to the broker's {@link SendPath}, the one the remoting send handlers use: turns REST
 * messages into a send — a client message id ({@code UNIQ_KEY}) generated when absent, born timestamp
 * now, born host the HTTP peer, auto-creation from TBW102 with at most {@value #AUTO_CREATE_QUEUE_NUMS}
 * queues as the Java client asks — and the path's {@link SendOutcome} into the REST answer, or into a
 * {@link Problem} with the HTTP status of its verdict. Only what is REST's own is checked here: at most
 * {@value #MAX_BATCH_MESSAGES} messages in a batch, and one queue for all of them.
 *
 * <p>A batch is stored as one append into one queue (contiguous records, consecutive queue offsets).
 *
 * <p>Thread-safe.
 */
final class RestAppender {

    /** The Java client's {@code defaultTopicQueueNums}: queues of a topic auto-created by a send. */
    static final int AUTO_CREATE_QUEUE_NUMS = 4;
    /** Most messages in one batch. */
    static final int MAX_BATCH_MESSAGES = 1000;
    /** The producer group a REST send names (the send path does not use it). */
    static final String PRODUCER_GROUP = "KITEMQ_REST_PRODUCER";

    /** One stored message: the client's id, the broker's id, where it went. */
    record Sent(String msgId, String offsetMsgId, int queueId, long queueOffset) {}

    /**
     * What a send stored: RocketMQ's send status ({@code SEND_OK}, or {@code FLUSH_DISK_TIMEOUT} when stored
     * but not yet forced to disk in SYNC mode) and the messages.
     */
    record Outcome(String status, List<Sent> messages) {}

    private final SendPath path;
    private final InstantSource clock;
    private final UniqueIdGenerator ids;

    RestAppender(SendPath path, InstantSource clock, UniqueIdGenerator ids) {
        this.path = path;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * Stores {@code messages} (one, or a batch) to {@code topic}; completes with the outcome, or
     * exceptionally with a {@link Problem}. REST's own checks run on the calling thread and throw a
     * {@link Problem}.
     */
    CompletableFuture<Outcome> send(String topic, List<RestMessage> messages, InetSocketAddress bornHost) {
        if (messages.size() > MAX_BATCH_MESSAGES) {
            throw Problem.tooLarge("a batch holds at most " + MAX_BATCH_MESSAGES + " messages, got " + messages.size());
        }
        SendMessageRequestHeader header = new SendMessageRequestHeader(
                PRODUCER_GROUP,
                topic,
                TopicName.AUTO_CREATE_TOPIC_KEY,
                AUTO_CREATE_QUEUE_NUMS,
                queueId(messages),
                0,
                clock.millis(),
                0,
                null,
                null,
                null,
                messages.size() > 1 ? Boolean.TRUE : null,
                null,
                null);
        List<MessageExt> built = new ArrayList<>(messages.size());
        for (RestMessage m : messages) {
            built.add(build(m));
        }
        return path.send(bornHost, header, built).thenApply(o -> outcome(topic, o, built));
    }

    /** The one queue the messages name, or -1 for any. */
    private static int queueId(List<RestMessage> messages) {
        Integer chosen = null;
        for (RestMessage m : messages) {
            if (m.queueId() != null) {
                if (chosen != null && !chosen.equals(m.queueId())) {
                    throw Problem.badRequest(
                            "a batch is stored in one queue, but it names queues " + chosen + " and " + m.queueId());
                }
                chosen = m.queueId();
            }
        }
        return chosen == null ? -1 : chosen;
    }

    private MessageExt build(RestMessage m) {
        MessageExt e = new MessageExt();
        e.setBody(m.body());
        m.properties().forEach(e::putProperty);
        if (m.tags() != null) {
            e.setTags(m.tags());
        }
        if (!m.keys().isEmpty()) {
            e.setKeys(m.keys());
        }
        if (m.uniqueKey() == null) {
            e.putProperty(PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, ids.next());
        }
        return e;
    }

    private static Outcome outcome(String topic, SendOutcome o, List<MessageExt> built) {
        if (!o.isStored()) {
            throw Problem.of(status(o.verdict()), detail(topic, o));
        }
        List<Sent> sent = new ArrayList<>(built.size());
        for (int i = 0; i < built.size(); i++) {
            sent.add(new Sent(
                    built.get(i).getProperty(PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX),
                    o.offsetMsgIds().get(i),
                    o.queueId(),
                    o.queueOffset() + i));
        }
        return new Outcome(
                o.code() == ResponseCode.SUCCESS ? "SEND_OK" : o.code().name(), sent);
    }

    static HttpStatus status(SendOutcome.Verdict verdict) {
        return switch (verdict) {
            case STORED -> HttpStatus.OK;
            case INVALID, UNSUPPORTED -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case TOPIC_NOT_FOUND -> HttpStatus.NOT_FOUND;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case FAILED -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    private static String detail(String topic, SendOutcome o) {
        if (o.verdict() == SendOutcome.Verdict.TOPIC_NOT_FOUND) {
            return "topic " + topic + " does not exist and was not auto-created; create it first (PUT /api/topics/"
                    + topic + ")";
        }
        return o.remark();
    }
}
