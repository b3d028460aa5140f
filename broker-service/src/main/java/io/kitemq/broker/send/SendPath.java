package io.kitemq.broker.send;

import io.kitemq.broker.BrokerMetrics;
import io.kitemq.broker.schedule.ScheduleConfig;
import io.kitemq.broker.schedule.ScheduleStaging;
import io.kitemq.broker.send.SendOutcome.Verdict;
import io.kitemq.broker.topic.TopicTable;
import io.kitemq.broker.transaction.HalfMessage;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.header.SendMessageRequestHeader;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageSysFlag;
import io.kitemq.protocol.message.OffsetMsgId;
import io.kitemq.protocol.message.TopicName;
import io.kitemq.remoting.PeerAddress;
import io.kitemq.store.AppendResult;
import io.kitemq.store.AppendStatus;
import io.kitemq.store.MessageStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's one send path, behind both doors — the remoting SEND_MESSAGE, SEND_MESSAGE_V2 and
 * SEND_BATCH_MESSAGE handlers and the REST API: checks a send (broker writable, topic name and
 * sendability, batch not empty, body size, no transactional batch; delay and timer properties valid and
 * not in a batch),
 * resolves the topic or auto-creates it from the header's template topic (TBW102), checks the topic's
 * write permission and the queue id (a negative one picks a queue at random), builds the stored messages
 * (born host the sender, store host the broker's advertised address), appends them to the {@link
 * MessageStore} as one batch (contiguous records, consecutive queue offsets) and reports to {@link
 * BrokerMetrics}. A delayed or timed message is parked in its system topic by {@link ScheduleStaging} (the
 * outcome names the queue the producer asked for); a prepared transactional message becomes its half
 * message (see {@link HalfMessage}), invisible until END_TRANSACTION commits it. Every outcome, refusals included, is a {@link
 * SendOutcome}; the returned future never completes exceptionally. Checks run on the calling thread; the future completes when the store has the
 * messages (flushed, in SYNC mode), so no thread waits for a disk flush.
 *
 * <p>The header supplies topic, template topic and its queue count, queue id, sysFlag, born timestamp and
 * reconsume times; each message supplies body, flag and properties (the header's {@code properties} and
 * {@code flag} are not read). Messages that already are {@link MessageExt}s are filled in and stored as
 * they are: the caller hands them over.
 *
 * <p>Thread-safe.
 */
public final class SendPath {

    private static final Logger log = LoggerFactory.getLogger(SendPath.class);

    private static final int HANDED_OVER_SYS_FLAGS = MessageSysFlag.INNER_BATCH_FLAG | MessageSysFlag.NEED_UNWRAP_FLAG;

    private final MessageStore store;
    private final TopicTable topics;
    private final BrokerMetrics metrics;
    private final boolean writable;
    private final int defaultTopicQueueNums;
    private final boolean autoCreateTopic;
    private final InetSocketAddress storeHost;
    private final ScheduleStaging staging;

    /**
     * @param writable whether this broker accepts sends at all
     * @param defaultTopicQueueNums most queues of a topic auto-created by a send
     * @param autoCreateTopic whether a send to an unknown topic creates it from its template
     * @param advertisedAddress the broker's {@code host:port}, the store host of every message
     * @throws IllegalArgumentException if the advertised address does not resolve
     */
    public SendPath(
            MessageStore store,
            TopicTable topics,
            BrokerMetrics metrics,
            boolean writable,
            int defaultTopicQueueNums,
            boolean autoCreateTopic,
            String advertisedAddress) {
        this(
                store,
                topics,
                metrics,
                writable,
                defaultTopicQueueNums,
                autoCreateTopic,
                advertisedAddress,
                new ScheduleStaging(ScheduleConfig.defaults(), InstantSource.system()));
    }

    /**
     * @param staging parks delayed and timed messages in their system topics (see {@link ScheduleStaging})
     */
    public SendPath(
            MessageStore store,
            TopicTable topics,
            BrokerMetrics metrics,
            boolean writable,
            int defaultTopicQueueNums,
            boolean autoCreateTopic,
            String advertisedAddress,
            ScheduleStaging staging) {
        this.staging = Objects.requireNonNull(staging, "staging");
        this.store = Objects.requireNonNull(store, "store");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.writable = writable;
        this.defaultTopicQueueNums = defaultTopicQueueNums;
        this.autoCreateTopic = autoCreateTopic;
        this.storeHost = resolve(advertisedAddress);
    }

    private static InetSocketAddress resolve(String address) {
        InetSocketAddress a = PeerAddress.parse(address);
        try {
            return new InetSocketAddress(InetAddress.getByName(a.getHostString()), a.getPort());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("broker address " + address + " does not resolve", e);
        }
    }

    /** The broker's advertised address, resolved: the store host of every message and of its offsetMsgId. */
    public InetSocketAddress storeHost() {
        return storeHost;
    }

    /**
     * Stores {@code messages} (one, or a batch) to the header's topic, all in one queue.
     *
     * @param bornHost the sender's address
     * @return the outcome; completed at once for a refusal, never exceptionally
     */
    public CompletableFuture<SendOutcome> send(
            InetSocketAddress bornHost, SendMessageRequestHeader header, List<? extends Message> messages) {
        long start = System.nanoTime();
        Objects.requireNonNull(bornHost, "bornHost");
        SendOutcome refused = checkRequest(header, messages);
        if (refused != null) {
            return refuse(header.topic(), refused);
        }
        TopicConfig topic = resolveTopic(header);
        refused = checkTopic(header, topic);
        if (refused != null) {
            return refuse(header.topic(), refused);
        }
        int queueId =
                header.queueId() < 0 ? ThreadLocalRandom.current().nextInt(topic.writeQueueNums()) : header.queueId();
        List<MessageExt> built = build(header, messages, queueId, bornHost);
        if (built.size() == 1) {
            staging.stage(built.get(0));
        }
        if (built.size() == 1
                && HalfMessage.isPrepared(header.sysFlag(), built.get(0).getProperties())) {
            HalfMessage.toHalf(built.get(0)); // invisible until END_TRANSACTION commits it
        }
        CompletableFuture<AppendResult> appended;
        try {
            appended = store.appendBatch(built);
        } catch (RuntimeException e) {
            appended = CompletableFuture.failedFuture(e);
        }
        return appended.handle((result, error) -> outcome(header.topic(), built, queueId, result, error, start));
    }

    /** Counts and returns a refusal found before the path was entered (an unreadable request). */
    SendOutcome refused(String topic, ResponseCode code, Verdict verdict, String remark) {
        SendOutcome outcome = SendOutcome.refused(code, verdict, remark);
        metrics.sendFailed(topic, code.code());
        return outcome;
    }

    private CompletableFuture<SendOutcome> refuse(String topic, SendOutcome outcome) {
        metrics.sendFailed(topic, outcome.code().code());
        return CompletableFuture.completedFuture(outcome);
    }

    private SendOutcome checkRequest(SendMessageRequestHeader h, List<? extends Message> messages) {
        if (!writable) {
            return SendOutcome.refused(
                    ResponseCode.NO_PERMISSION,
                    Verdict.FORBIDDEN,
                    "the broker[" + storeHost + "] sending message is forbidden");
        }
        String invalid = TopicName.check(h.topic());
        if (invalid != null) {
            return SendOutcome.refused(ResponseCode.INVALID_PARAMETER, Verdict.INVALID, invalid);
        }
        if (!TopicName.isSendable(h.topic()) && !h.topic().startsWith(TopicName.RETRY_PREFIX)) {
            return SendOutcome.refused(
                    ResponseCode.NO_PERMISSION,
                    Verdict.FORBIDDEN,
                    "sending messages to system topic " + h.topic() + " is forbidden");
        }
        if (messages.isEmpty()) {
            return SendOutcome.refused(ResponseCode.MESSAGE_ILLEGAL, Verdict.INVALID, "the batch is empty");
        }
        long bytes = 0;
        for (Message m : messages) {
            if (m.getBody() == null) {
                return SendOutcome.refused(ResponseCode.MESSAGE_ILLEGAL, Verdict.INVALID, "a message has no body");
            }
            bytes += m.getBody().length;
        }
        int max = store.config().maxMessageBytes();
        if (bytes > max) {
            return SendOutcome.refused(
                    ResponseCode.MESSAGE_ILLEGAL,
                    Verdict.TOO_LARGE,
                    (messages.size() == 1 ? "message body of " : "batch bodies of ") + bytes
                            + " bytes exceed the maximum message size of " + max + " bytes");
        }
        return checkFeatures(h, messages);
    }

    private SendOutcome checkFeatures(SendMessageRequestHeader h, List<? extends Message> messages) {
        boolean transactional = MessageSysFlag.transactionType(h.sysFlag()) != MessageSysFlag.TRANSACTION_NOT_TYPE;
        for (Message m : messages) {
            Map<String, String> props = m.getProperties();
            if ((transactional || HalfMessage.isPrepared(0, props)) && messages.size() > 1) {
                return SendOutcome.refused(
                        ResponseCode.MESSAGE_ILLEGAL, Verdict.INVALID, "batch messages cannot be transactional");
            }
        }
        return checkDelays(messages);
    }

    /** Delay level and timer properties: valid, and not in a batch (the official client refuses that too). */
    private SendOutcome checkDelays(List<? extends Message> messages) {
        for (Message m : messages) {
            if (messages.size() > 1 && ScheduleStaging.isDelayed(m)) {
                return SendOutcome.refused(
                        ResponseCode.MESSAGE_ILLEGAL, Verdict.INVALID, "batch messages cannot be delayed or timed");
            }
            String invalid = staging.check(m);
            if (invalid != null) {
                return SendOutcome.refused(ResponseCode.MESSAGE_ILLEGAL, Verdict.INVALID, invalid);
            }
        }
        return null;
    }

    private TopicConfig resolveTopic(SendMessageRequestHeader h) {
        TopicConfig topic = topics.get(h.topic());
        if (topic == null && autoCreateTopic) {
            // at least one queue: a template asking for none would make a topic no send can use
            int queueNums = Math.max(1, Math.min(h.defaultTopicQueueNums(), defaultTopicQueueNums));
            topic = topics.createForSend(h.topic(), h.defaultTopic(), queueNums, 0);
        }
        return topic;
    }

    private static SendOutcome checkTopic(SendMessageRequestHeader h, TopicConfig topic) {
        if (topic == null) {
            return SendOutcome.refused(
                    ResponseCode.TOPIC_NOT_EXIST,
                    Verdict.TOPIC_NOT_FOUND,
                    "topic[" + h.topic() + "] not exist, apply first please!");
        }
        if ((topic.perm() & TopicConfig.PERM_WRITE) == 0 || topic.writeQueueNums() <= 0) {
            return SendOutcome.refused(
                    ResponseCode.NO_PERMISSION,
                    Verdict.FORBIDDEN,
                    "topic " + h.topic() + " is not writable (perm " + topic.perm() + ", " + topic.writeQueueNums()
                            + " write queues): sending message is forbidden");
        }
        if (h.queueId() >= topic.writeQueueNums()) {
            return SendOutcome.refused(
                    ResponseCode.SYSTEM_ERROR,
                    Verdict.INVALID,
                    "request queueId " + h.queueId() + " is illegal: topic " + h.topic() + " has "
                            + topic.writeQueueNums() + " write queues");
        }
        return null;
    }

    private List<MessageExt> build(
            SendMessageRequestHeader h, List<? extends Message> messages, int queueId, InetSocketAddress born) {
        int sysFlag = MessageSysFlag.withHostFlags(h.sysFlag() & ~HANDED_OVER_SYS_FLAGS, born, storeHost);
        int reconsumeTimes = h.reconsumeTimes() == null ? 0 : h.reconsumeTimes();
        List<MessageExt> built = new ArrayList<>(messages.size());
        for (Message m : messages) {
            MessageExt e = m instanceof MessageExt ext ? ext : copy(m);
            e.setTopic(h.topic());
            e.setQueueId(queueId);
            e.setBornTimestamp(h.bornTimestamp());
            e.setBornHost(born);
            e.setStoreHost(storeHost);
            e.setReconsumeTimes(reconsumeTimes);
            e.setSysFlag(sysFlag);
            built.add(e);
        }
        return built;
    }

    private static MessageExt copy(Message m) {
        MessageExt e = new MessageExt();
        e.setBody(m.getBody());
        e.setFlag(m.getFlag());
        e.setProperties(m.getProperties());
        return e;
    }

    private SendOutcome outcome(
            String topic, List<MessageExt> built, int queueId, AppendResult result, Throwable error, long start) {
        if (error != null) {
            log.error("appending {} message(s) to {} failed", built.size(), topic, error);
            metrics.sendFailed(topic, ResponseCode.SYSTEM_ERROR.code());
            return SendOutcome.refused(ResponseCode.SYSTEM_ERROR, Verdict.FAILED, "append failed: " + error);
        }
        if (!result.isStored()) {
            String remark = "the store refused the message (" + result.status() + "): " + result.remark();
            SendOutcome refused = switch (result.status()) {
                case SERVICE_NOT_AVAILABLE ->
                    SendOutcome.refused(ResponseCode.SERVICE_NOT_AVAILABLE, Verdict.UNAVAILABLE, remark);
                case PROPERTIES_SIZE_EXCEEDED ->
                    SendOutcome.refused(ResponseCode.MESSAGE_ILLEGAL, Verdict.TOO_LARGE, remark);
                default -> SendOutcome.refused(ResponseCode.MESSAGE_ILLEGAL, Verdict.INVALID, remark);
            };
            metrics.sendFailed(topic, refused.code().code());
            return refused;
        }
        List<String> ids = new ArrayList<>(built.size());
        for (MessageExt m : built) {
            ids.add(OffsetMsgId.encode(storeHost, m.getCommitLogOffset()));
        }
        metrics.messagesIn(topic, built.size(), result.wroteBytes(), System.nanoTime() - start);
        ResponseCode code =
                result.status() == AppendStatus.PUT_OK ? ResponseCode.SUCCESS : ResponseCode.FLUSH_DISK_TIMEOUT;
        return SendOutcome.stored(code, queueId, result.queueOffset(), ids, result.wroteBytes());
    }
}
