package io.kitemq.broker.boot;

import io.kitemq.broker.BrokerMetrics;
import io.kitemq.broker.topic.TopicTable;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageSysFlag;
import io.kitemq.protocol.message.OffsetMsgId;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.protocol.message.TopicName;
import io.kitemq.protocol.message.UniqueIdGenerator;
import io.kitemq.store.AppendResult;
import io.kitemq.store.AppendStatus;
import io.kitemq.store.MessageStore;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The send path of the REST API: the checks of the remoting send (topic name and sendability, topic
 * auto-creation from TBW102, write permission, queue id, body size; transactional and delayed messages
 * are refused because their system properties are), then the message is built as the remoting send
 * builds it — born host the HTTP peer, store host the broker's advertised address, a client message id
 * ({@code UNIQ_KEY}) generated when absent — and appended to the same {@link MessageStore}, reporting to
 * the same {@link BrokerMetrics}. Refusals are {@link Problem}s with the HTTP status of the store status
 * or response code they stand for.
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

    /** One stored message: the client's id, the broker's id, where it went. */
    record Sent(String msgId, String offsetMsgId, int queueId, long queueOffset) {}

    /**
     * What a send stored: RocketMQ's send status ({@code SEND_OK}, or {@code FLUSH_DISK_TIMEOUT} when stored
     * but not yet forced to disk in SYNC mode) and the messages.
     */
    record Outcome(String status, List<Sent> messages) {}

    private final MessageStore store;
    private final TopicTable topics;
    private final BrokerMetrics metrics;
    private final InstantSource clock;
    private final UniqueIdGenerator ids;
    private final InetSocketAddress storeHost;
    private final boolean autoCreateTopic;
    private final int autoCreateQueueNums;

    RestAppender(
            MessageStore store,
            TopicTable topics,
            BrokerMetrics metrics,
            InstantSource clock,
            UniqueIdGenerator ids,
            InetSocketAddress storeHost,
            boolean autoCreateTopic,
            int defaultTopicQueueNums) {
        this.store = store;
        this.topics = topics;
        this.metrics = metrics;
        this.clock = clock;
        this.ids = ids;
        this.storeHost = storeHost;
        this.autoCreateTopic = autoCreateTopic;
        this.autoCreateQueueNums = Math.min(AUTO_CREATE_QUEUE_NUMS, defaultTopicQueueNums);
    }

    /**
     * Stores {@code messages} (one, or a batch) to {@code topic}; completes with the outcome, or
     * exceptionally with a {@link Problem}. Checks run on the calling thread and throw a {@link Problem}.
     */
    CompletableFuture<Outcome> send(String topic, List<RestMessage> messages, InetSocketAddress bornHost) {
        long start = System.nanoTime();
        try {
            checkRequest(topic, messages);
            TopicConfig config = resolveTopic(topic);
            int queueId = queueId(config, messages);
            List<MessageExt> built = new ArrayList<>(messages.size());
            for (RestMessage m : messages) {
                built.add(build(topic, queueId, m, bornHost));
            }
            return store.appendBatch(built).thenApply(r -> outcome(topic, r, built, start));
        } catch (ErrorResponseException e) {
            metrics.sendFailed(
                    topic, responseCode(HttpStatus.valueOf(e.getStatusCode().value())));
            throw e;
        }
    }

    private void checkRequest(String topic, List<RestMessage> messages) {
        String invalid = TopicName.check(topic);
        if (invalid != null) {
            throw Problem.badRequest(invalid);
        }
        if (!TopicName.isSendable(topic) && !topic.startsWith(TopicName.RETRY_PREFIX)) {
            throw Problem.forbidden("sending messages to system topic " + topic + " is forbidden");
        }
        if (messages.isEmpty()) {
            throw Problem.badRequest("the batch is empty");
        }
        if (messages.size() > MAX_BATCH_MESSAGES) {
            throw Problem.tooLarge("a batch holds at most " + MAX_BATCH_MESSAGES + " messages, got " + messages.size());
        }
        long bytes = 0;
        for (RestMessage m : messages) {
            bytes += m.body().length;
        }
        int max = store.config().maxMessageBytes();
        if (bytes > max) {
            throw Problem.tooLarge((messages.size() == 1 ? "message body of " : "batch bodies of ") + bytes
                    + " bytes exceed the maximum message size of " + max + " bytes");
        }
    }

    private TopicConfig resolveTopic(String topic) {
        TopicConfig config = topics.get(topic);
        if (config == null && autoCreateTopic) {
            config = topics.createForSend(topic, TopicName.AUTO_CREATE_TOPIC_KEY, autoCreateQueueNums, 0);
        }
        if (config == null) {
            throw Problem.notFound("topic " + topic + " does not exist and auto-creation is off; create it first "
                    + "(PUT /api/topics/" + topic + ")");
        }
        if ((config.perm() & TopicConfig.PERM_WRITE) == 0) {
            throw Problem.forbidden("topic " + topic + " is not writable (perm " + config.perm() + ")");
        }
        return config;
    }

    private static int queueId(TopicConfig config, List<RestMessage> messages) {
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
        if (chosen == null) {
            return ThreadLocalRandom.current().nextInt(config.writeQueueNums());
        }
        if (chosen >= config.writeQueueNums()) {
            throw Problem.badRequest("queueId " + chosen + " is illegal: topic " + config.topicName() + " has "
                    + config.writeQueueNums() + " write queues");
        }
        return chosen;
    }

    private MessageExt build(String topic, int queueId, RestMessage m, InetSocketAddress bornHost) {
        MessageExt e = new MessageExt();
        e.setTopic(topic);
        e.setQueueId(queueId);
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
        e.setBornTimestamp(clock.millis());
        e.setBornHost(bornHost);
        e.setStoreHost(storeHost);
        e.setSysFlag(MessageSysFlag.withHostFlags(0, bornHost, storeHost));
        return e;
    }

    private Outcome outcome(String topic, AppendResult r, List<MessageExt> built, long start) {
        if (!r.isStored()) {
            HttpStatus status = switch (r.status()) {
                case SERVICE_NOT_AVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
                case PROPERTIES_SIZE_EXCEEDED -> HttpStatus.CONTENT_TOO_LARGE;
                default -> HttpStatus.BAD_REQUEST;
            };
            metrics.sendFailed(topic, responseCode(status));
            throw Problem.of(status, "the store refused the message (" + r.status() + "): " + r.remark());
        }
        metrics.messagesIn(topic, built.size(), r.wroteBytes(), System.nanoTime() - start);
        List<Sent> sent = new ArrayList<>(built.size());
        for (MessageExt m : built) {
            sent.add(new Sent(
                    m.getProperty(PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX),
                    OffsetMsgId.encode(storeHost, m.getCommitLogOffset()),
                    m.getQueueId(),
                    m.getQueueOffset()));
        }
        return new Outcome(
                r.status() == AppendStatus.PUT_OK ? "SEND_OK" : r.status().name(), sent);
    }

    /** The remoting response code a refusal stands for, so send failures count alike on both doors. */
    private static int responseCode(HttpStatus status) {
        ResponseCode code = switch (status) {
            case FORBIDDEN -> ResponseCode.NO_PERMISSION;
            case NOT_FOUND -> ResponseCode.TOPIC_NOT_EXIST;
            case SERVICE_UNAVAILABLE -> ResponseCode.SERVICE_NOT_AVAILABLE;
            case BAD_REQUEST -> ResponseCode.INVALID_PARAMETER;
            default -> ResponseCode.MESSAGE_ILLEGAL;
        };
        return code.code();
    }
}
