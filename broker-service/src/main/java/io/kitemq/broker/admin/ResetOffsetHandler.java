package io.kitemq.broker.admin;

import io.kitemq.broker.client.ClientRegistry;
import io.kitemq.broker.group.SubscriptionGroupTable;
import io.kitemq.broker.offset.ConsumerOffsetTable;
import io.kitemq.broker.topic.TopicTable;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.QueueRef;
import io.kitemq.protocol.body.ResetOffsetBody;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.ResetOffsetRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import io.kitemq.store.MessageStore;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INVOKE_BROKER_TO_RESET_OFFSET (222, {@code mqadmin resetOffsetByTime}): moves a consumer group's offsets
 * on a topic to a point in time, commits them on the broker, tells the group's online consumers with a
 * oneway RESET_CONSUMER_CLIENT_OFFSET (220) carrying the new offsets, as RocketMQ's
 * {@code Broker2Client.resetOffset} does, and answers with the same {@link ResetOffsetBody}.
 *
 * <p>Per readable queue (or only the header's {@code queueId} when it is not negative), the target is the
 * first message stored at or after {@code timestamp} ({@code -1}: the queue's end). Unless {@code isForce},
 * a queue only moves back: a group already behind the target keeps its offset. With a {@code queueId} and
 * an explicit {@code offset} the queue is set to that offset, which must lie within the queue.
 *
 * <p>Unlike RocketMQ 4 the reset also applies while no consumer is online (it is committed on the broker,
 * as RocketMQ 5's server-side reset does), so the answer is SUCCESS then too. TOPIC_NOT_EXIST for an
 * unknown topic; SUBSCRIPTION_GROUP_NOT_EXIST for a group the broker knows nothing of (no configuration,
 * no offsets, no online client); SYSTEM_ERROR for an offset outside the queue. Thread-safe.
 */
public final class ResetOffsetHandler implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(ResetOffsetHandler.class);

    private final TopicTable topics;
    private final SubscriptionGroupTable groups;
    private final ConsumerOffsetTable offsets;
    private final ClientRegistry clients;
    private final MessageStore store;
    private final String brokerName;

    public ResetOffsetHandler(
            TopicTable topics,
            SubscriptionGroupTable groups,
            ConsumerOffsetTable offsets,
            ClientRegistry clients,
            MessageStore store,
            String brokerName) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.groups = Objects.requireNonNull(groups, "groups");
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.store = Objects.requireNonNull(store, "store");
        this.brokerName = Objects.requireNonNull(brokerName, "brokerName");
    }

    /** A reset that cannot be done: the response code and remark RocketMQ answers with. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ResponseCode code;

        Refused(ResponseCode code, String remark) {
            super(remark);
            this.code = code;
        }

        public ResponseCode code() {
            return code;
        }
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        ResetOffsetRequestHeader h = ResetOffsetRequestHeader.decode(request.extFields());
        try {
            return RemotingCommand.success().body(BodyCodec.encode(reset(h, peer.remoteAddress())));
        } catch (Refused e) {
            return RemotingCommand.response(e.code(), e.getMessage());
        }
    }

    /**
     * Resets the offsets as {@code h} asks, commits them and tells the group's online consumers (also the
     * door of the REST API).
     *
     * @param requester who asked, for the log
     * @return the new offsets
     * @throws Refused for an unknown topic or group, or an offset outside the queue
     */
    public ResetOffsetBody reset(ResetOffsetRequestHeader h, String requester) {
        TopicConfig config = topics.get(h.topic());
        if (config == null) {
            throw new Refused(ResponseCode.TOPIC_NOT_EXIST, "Topic " + h.topic() + " does not exist");
        }
        if (!groupKnown(h.group())) {
            throw new Refused(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "Group " + h.group() + " does not exist");
        }
        Map<Integer, Long> targets = new TreeMap<>();
        String problem = h.queueId() >= 0 ? targetOfQueue(h, targets) : targetsOfTopic(h, config, targets);
        if (problem != null) {
            throw new Refused(ResponseCode.SYSTEM_ERROR, problem);
        }
        targets.forEach((queueId, offset) -> offsets.commit(h.group(), h.topic(), queueId, offset));
        ResetOffsetBody body = body(h.topic(), targets);
        int told = notifyConsumers(h, body);
        log.info(
                "Reset offsets of group {} on topic {} to {} (timestamp {}, force {}) for {}; told {} consumers",
                h.group(),
                h.topic(),
                targets,
                h.timestamp(),
                h.force(),
                requester,
                told);
        return body;
    }

    private boolean groupKnown(String group) {
        return groups.get(group) != null || !offsets.topicsOf(group).isEmpty() || clients.consumerGroup(group) != null;
    }

    /** One queue: an explicit offset within the queue, or the offset for the timestamp. */
    private String targetOfQueue(ResetOffsetRequestHeader h, Map<Integer, Long> targets) {
        int q = h.queueId();
        if (h.offset() != null && h.offset() != -1) {
            long min = store.minOffset(h.topic(), q);
            long max = store.maxOffset(h.topic(), q);
            if (h.offset() < min || h.offset() > max) {
                return String.format("Target offset %d not in consume queue range [%d-%d]", h.offset(), min, max);
            }
            targets.put(q, h.offset());
        } else {
            targets.put(q, target(h, q));
        }
        return null;
    }

    private String targetsOfTopic(ResetOffsetRequestHeader h, TopicConfig config, Map<Integer, Long> targets) {
        for (int q = 0; q < config.readQueueNums(); q++) {
            targets.put(q, target(h, q));
        }
        return targets.isEmpty() ? "No queues to reset." : null;
    }

    /** The queue's offset for the timestamp; without force, never ahead of what the group committed. */
    private long target(ResetOffsetRequestHeader h, int queueId) {
        long target = h.timestamp() < 0
                ? store.maxOffset(h.topic(), queueId)
                : store.offsetForTimestamp(h.topic(), queueId, h.timestamp(), false);
        target = Math.max(0, target);
        long committed = offsets.query(h.group(), h.topic(), queueId);
        return h.force() || committed < 0 || target < committed ? target : committed;
    }

    private ResetOffsetBody body(String topic, Map<Integer, Long> targets) {
        Map<QueueRef, Long> table = new TreeMap<>();
        targets.forEach((queueId, offset) -> table.put(new QueueRef(topic, brokerName, queueId), offset));
        return new ResetOffsetBody(table);
    }

    /** Sends RESET_CONSUMER_CLIENT_OFFSET to every online client of the group; returns how many. */
    private int notifyConsumers(ResetOffsetRequestHeader h, ResetOffsetBody body) {
        byte[] json = BodyCodec.encode(body);
        ResetOffsetRequestHeader header =
                new ResetOffsetRequestHeader(h.group(), h.topic(), -1, null, h.timestamp(), h.force(), null);
        int told = 0;
        for (RemotingPeer member : clients.consumerPeers(h.group())) {
            if (!member.isActive()) {
                continue;
            }
            // one command per peer: a command is mutable and the transport stamps its opaque and flag
            RemotingCommand notice = RemotingCommand.request(RequestCode.RESET_CONSUMER_CLIENT_OFFSET.code(), header)
                    .body(json);
            try {
                member.invokeOneway(notice).whenComplete((ok, e) -> {
                    if (e != null) {
                        warnNotTold(member, h, e);
                    }
                });
                told++;
            } catch (RuntimeException e) {
                warnNotTold(member, h, e);
            }
        }
        return told;
    }

    private static void warnNotTold(RemotingPeer member, ResetOffsetRequestHeader h, Throwable e) {
        log.warn(
                "Cannot tell consumer at {} of group {} to reset offsets on {}: {}",
                member.remoteAddress(),
                h.group(),
                h.topic(),
                e.toString());
    }
}
