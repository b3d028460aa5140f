package io.kitemq.broker.boot;

import io.kitemq.broker.Broker;
import io.kitemq.broker.admin.ResetOffsetHandler;
import io.kitemq.broker.client.ClientConnection;
import io.kitemq.broker.client.ConsumerGroup;
import io.kitemq.broker.group.GroupName;
import io.kitemq.broker.group.SubscriptionGroupConfig;
import io.kitemq.broker.offset.ConsumerOffsetTable;
import io.kitemq.protocol.body.ConsumeFromWhere;
import io.kitemq.protocol.body.ConsumeType;
import io.kitemq.protocol.body.MessageModel;
import io.kitemq.protocol.body.ResetOffsetBody;
import io.kitemq.protocol.body.SubscriptionData;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.header.ResetOffsetRequestHeader;
import io.kitemq.protocol.message.TopicName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Consumer groups over REST: their broker-side configuration ({@code SubscriptionGroupTable}), their
 * online clients and subscriptions as heartbeats described them ({@code ClientRegistry}), and their
 * committed offsets with lag ({@code ConsumerOffsetTable}). A group is known when it is configured,
 * online or has offsets.
 *
 * <p>Stateless apart from its collaborators; thread-safe.
 */
@RestController
@RequestMapping("/api/groups")
class GroupController {

    record GroupSummary(
            String group,
            boolean configured,
            boolean consumeEnable,
            int onlineClients,
            Set<String> topicsWithOffsets) {}

    record ClientView(String clientId, String address, String language, int version, Instant lastHeartbeat) {}

    record SubscriptionView(String expression, String expressionType, Set<String> tags) {}

    record OnlineView(
            ConsumeType consumeType,
            MessageModel messageModel,
            ConsumeFromWhere consumeFromWhere,
            List<ClientView> clients,
            Map<String, SubscriptionView> subscriptions) {}

    /** {@code config} is null for a group the broker has no configuration for; {@code online} when no client is. */
    record GroupView(String group, SubscriptionGroupConfig config, OnlineView online) {}

    /** Settings to create or update; a missing field keeps the current value (RocketMQ's default for a new group). */
    record GroupBody(
            Boolean consumeEnable,
            Boolean consumeFromMinEnable,
            Boolean consumeBroadcastEnable,
            Boolean consumeMessageOrderly,
            Integer retryQueueNums,
            Integer retryMaxTimes,
            Long brokerId,
            Long whichBrokerWhenConsumeSlowly,
            Boolean notifyConsumerIdsChangedEnable,
            Map<String, String> attributes) {}

    /** {@code committed} is -1 when the group never committed on the queue; lag then counts the whole queue. */
    record QueueOffsetView(String topic, int queueId, long committed, long minOffset, long maxOffset, long lag) {}

    record TopicOffsetsView(String topic, long lag, List<QueueOffsetView> queues) {}

    record OffsetsView(String group, long lag, List<TopicOffsetsView> topics) {}

    record CommitBody(Long offset) {}

    /** Where to move a group's offsets: {@code to} is {@code earliest}, {@code latest} or {@code timestamp} (then epoch ms). */
    record ResetBody(String to, Long timestamp) {}

    /** The offsets a reset committed (and told the group's online consumers), by queue id. */
    record ResetView(String group, String topic, Map<Integer, Long> offsets) {}

    private final Broker broker;

    GroupController(Broker broker) {
        this.broker = broker;
    }

    @GetMapping
    Mono<List<GroupSummary>> list() {
        Set<String> names = new TreeSet<>(broker.groups().all().keySet());
        names.addAll(broker.clients().groups());
        List<GroupSummary> groups = new ArrayList<>(names.size());
        for (String name : names) {
            SubscriptionGroupConfig config = broker.groups().get(name);
            ConsumerGroup online = broker.clients().consumerGroup(name);
            groups.add(new GroupSummary(
                    name,
                    config != null,
                    config == null || config.consumeEnable(),
                    online == null ? 0 : online.clients().size(),
                    broker.offsets().topicsOf(name)));
        }
        return Mono.just(groups);
    }

    @GetMapping("/{group}")
    Mono<GroupView> get(@PathVariable String group) {
        known(group);
        ConsumerGroup online = broker.clients().consumerGroup(group);
        return Mono.just(new GroupView(group, broker.groups().get(group), online == null ? null : online(online)));
    }

    private static OnlineView online(ConsumerGroup g) {
        List<ClientView> clients = new ArrayList<>();
        for (ClientConnection c : g.clients().values()) {
            clients.add(new ClientView(
                    c.clientId(),
                    c.peer().remoteAddress(),
                    c.language().name(),
                    c.version(),
                    Instant.ofEpochMilli(c.lastUpdateMillis())));
        }
        Map<String, SubscriptionView> subscriptions = new LinkedHashMap<>();
        for (Map.Entry<String, SubscriptionData> e : g.subscriptions().entrySet()) {
            SubscriptionData s = e.getValue();
            subscriptions.put(e.getKey(), new SubscriptionView(s.subString(), s.expressionType(), s.tagsSet()));
        }
        return new OnlineView(g.consumeType(), g.messageModel(), g.consumeFromWhere(), clients, subscriptions);
    }

    @PutMapping("/{group}")
    Mono<ResponseEntity<SubscriptionGroupConfig>> put(
            @PathVariable String group, @RequestBody(required = false) GroupBody body) {
        validName(group);
        SubscriptionGroupConfig current = broker.groups().get(group);
        SubscriptionGroupConfig next = merge(
                current != null ? current : SubscriptionGroupConfig.withDefaults(group),
                body != null ? body : new GroupBody(null, null, null, null, null, null, null, null, null, null));
        return Mono.fromCallable(() -> {
                    broker.groups().createOrUpdate(next);
                    return ResponseEntity.status(current == null ? HttpStatus.CREATED : HttpStatus.OK)
                            .body(next);
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static SubscriptionGroupConfig merge(SubscriptionGroupConfig c, GroupBody b) {
        int retryQueueNums = b.retryQueueNums() != null ? b.retryQueueNums() : c.retryQueueNums();
        if (retryQueueNums < 0 || retryQueueNums > TopicController.MAX_QUEUE_NUMS) {
            throw Problem.badRequest(
                    "retryQueueNums must be 0 to " + TopicController.MAX_QUEUE_NUMS + ": " + retryQueueNums);
        }
        return new SubscriptionGroupConfig(
                c.groupName(),
                b.consumeEnable() != null ? b.consumeEnable() : c.consumeEnable(),
                b.consumeFromMinEnable() != null ? b.consumeFromMinEnable() : c.consumeFromMinEnable(),
                b.consumeBroadcastEnable() != null ? b.consumeBroadcastEnable() : c.consumeBroadcastEnable(),
                b.consumeMessageOrderly() != null ? b.consumeMessageOrderly() : c.consumeMessageOrderly(),
                retryQueueNums,
                b.retryMaxTimes() != null ? b.retryMaxTimes() : c.retryMaxTimes(),
                c.groupRetryPolicy(),
                b.brokerId() != null ? b.brokerId() : c.brokerId(),
                b.whichBrokerWhenConsumeSlowly() != null
                        ? b.whichBrokerWhenConsumeSlowly()
                        : c.whichBrokerWhenConsumeSlowly(),
                b.notifyConsumerIdsChangedEnable() != null
                        ? b.notifyConsumerIdsChangedEnable()
                        : c.notifyConsumerIdsChangedEnable(),
                c.groupSysFlag(),
                c.consumeTimeoutMinute(),
                c.subscriptionDataSet(),
                b.attributes() != null ? b.attributes() : c.attributes());
    }

    /** Deletes the group's configuration and, with {@code cleanOffsets}, its committed offsets. */
    @DeleteMapping("/{group}")
    Mono<ResponseEntity<Void>> delete(
            @PathVariable String group, @RequestParam(defaultValue = "false") boolean cleanOffsets) {
        validName(group);
        if (broker.groups().get(group) == null) {
            throw Problem.notFound("consumer group " + group + " has no configuration on this broker");
        }
        return Mono.fromCallable(() -> {
                    broker.groups().delete(group);
                    if (cleanOffsets) {
                        broker.offsets().removeGroup(group);
                    }
                    return ResponseEntity.noContent().<Void>build();
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/{group}/offsets")
    Mono<OffsetsView> offsets(@PathVariable String group) {
        known(group);
        Set<String> topics = new TreeSet<>(broker.offsets().topicsOf(group));
        ConsumerGroup online = broker.clients().consumerGroup(group);
        if (online != null) {
            topics.addAll(online.subscriptions().keySet());
        }
        List<TopicOffsetsView> views = new ArrayList<>();
        long lag = 0;
        for (String topic : topics) {
            TopicOffsetsView v = topicOffsets(group, topic);
            views.add(v);
            lag += v.lag();
        }
        return Mono.just(new OffsetsView(group, lag, views));
    }

    private TopicOffsetsView topicOffsets(String group, String topic) {
        Set<Integer> queueIds =
                new TreeSet<>(broker.offsets().offsets(group, topic).keySet());
        TopicConfig config = broker.topics().get(topic);
        for (int q = 0; config != null && q < config.readQueueNums(); q++) {
            queueIds.add(q);
        }
        List<QueueOffsetView> queues = new ArrayList<>(queueIds.size());
        long lag = 0;
        for (int q : queueIds) {
            QueueOffsetView v = queueOffset(group, topic, q);
            queues.add(v);
            lag += v.lag();
        }
        return new TopicOffsetsView(topic, lag, queues);
    }

    private QueueOffsetView queueOffset(String group, String topic, int queueId) {
        long committed = broker.offsets().query(group, topic, queueId);
        long min = broker.store().minOffset(topic, queueId);
        long max = broker.store().maxOffset(topic, queueId);
        long from = committed == ConsumerOffsetTable.NO_OFFSET ? min : Math.max(committed, min);
        return new QueueOffsetView(topic, queueId, committed, min, max, Math.max(0, max - from));
    }

    /** Commits {@code offset} (the next message the group will consume) for the group on the queue. */
    @PutMapping("/{group}/offsets/{topic}/{queueId}")
    Mono<QueueOffsetView> commit(
            @PathVariable String group,
            @PathVariable String topic,
            @PathVariable int queueId,
            @RequestBody CommitBody body) {
        validName(group);
        if (body.offset() == null) {
            throw Problem.badRequest("the body must give the offset to commit: {\"offset\": n}");
        }
        TopicConfig config = existingTopic(topic);
        if (queueId < 0 || queueId >= config.readQueueNums()) {
            throw Problem.notFound("topic " + topic + " has no queue " + queueId + " (it has " + config.readQueueNums()
                    + " read queues)");
        }
        long min = broker.store().minOffset(topic, queueId);
        long max = broker.store().maxOffset(topic, queueId);
        if (body.offset() < min || body.offset() > max) {
            throw Problem.offsetOutOfRange(topic, queueId, body.offset(), min, max);
        }
        long offset = body.offset();
        return Mono.fromCallable(() -> {
                    if (broker.groups().getOrAutoCreate(group, broker.config().autoCreateSubscriptionGroup()) == null) {
                        throw Problem.notFound("consumer group " + group
                                + " does not exist and auto-creation is off; create it first");
                    }
                    broker.offsets().commit(group, topic, queueId, offset);
                    return queueOffset(group, topic, queueId);
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Moves the group's offsets on a topic to the first message stored at or after a time, to the earliest
     * or to the latest message, commits them and tells the group's online consumers, which continue from
     * there (as {@code mqadmin resetOffsetByTime} does, forward or back).
     */
    @PostMapping("/{group}/offsets/{topic}/reset")
    Mono<ResetView> reset(@PathVariable String group, @PathVariable String topic, @RequestBody ResetBody body) {
        validName(group);
        existingTopic(topic);
        long timestamp = resetTimestamp(body);
        ResetOffsetHandler resetter = new ResetOffsetHandler(
                broker.topics(),
                broker.groups(),
                broker.offsets(),
                broker.clients(),
                broker.store(),
                broker.config().brokerName());
        return Mono.fromCallable(() -> {
                    ResetOffsetBody done;
                    try {
                        done = resetter.reset(
                                new ResetOffsetRequestHeader(group, topic, -1, null, timestamp, true, null), "REST");
                    } catch (ResetOffsetHandler.Refused e) {
                        throw e.code() == ResponseCode.SYSTEM_ERROR
                                ? Problem.badRequest(e.getMessage())
                                : Problem.notFound(e.getMessage());
                    }
                    Map<Integer, Long> offsets = new TreeMap<>();
                    done.offsetTable().forEach((queue, offset) -> offsets.put(queue.queueId(), offset));
                    return new ResetView(group, topic, offsets);
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static long resetTimestamp(ResetBody body) {
        String to = body == null || body.to() == null ? "" : body.to().toLowerCase(java.util.Locale.ROOT);
        return switch (to) {
            case "earliest" -> 0;
            case "latest" -> -1;
            case "timestamp" -> {
                if (body.timestamp() == null || body.timestamp() < 0) {
                    throw Problem.badRequest("a reset to a timestamp needs \"timestamp\": epoch milliseconds >= 0");
                }
                yield body.timestamp();
            }
            default ->
                throw Problem.badRequest(
                        "\"to\" must be earliest, latest or timestamp (with \"timestamp\": epoch ms): " + to);
        };
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

    private static void validName(String group) {
        String invalid = GroupName.check(group);
        if (invalid != null) {
            throw Problem.badRequest(invalid);
        }
    }

    /** A valid name of a group that is configured, online or has offsets; else a problem. */
    private void known(String group) {
        validName(group);
        if (broker.groups().get(group) == null
                && broker.clients().consumerGroup(group) == null
                && broker.offsets().topicsOf(group).isEmpty()) {
            throw Problem.notFound("consumer group " + group + " is not known to this broker (not configured, no "
                    + "client online, no offsets)");
        }
    }
}
