package io.kitemq.broker.admin;

import io.kitemq.broker.client.ClientRegistry;
import io.kitemq.broker.client.ConsumerGroup;
import io.kitemq.broker.offset.ConsumerOffsetTable;
import io.kitemq.broker.topic.TopicTable;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.ConsumeStats;
import io.kitemq.protocol.body.OffsetWrapper;
import io.kitemq.protocol.body.QueueRef;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetConsumeStatsRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import io.kitemq.store.MessageStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * GET_CONSUME_STATS (208, {@code mqadmin consumerProgress}): a consumer group's progress on this broker as
 * a {@link ConsumeStats} body — per readable queue of each topic, the queue's end offset (brokerOffset),
 * the group's committed offset (0 if none), and the store time of the last consumed message.
 *
 * <p>The topics, as RocketMQ's {@code AdminBrokerProcessor.getConsumeStats} picks them: the header's
 * {@code topicList} if given, as is; otherwise its {@code topic}, or else every topic the group has
 * offsets on — minus, while the group is online with subscriptions, topics it does not subscribe to.
 * Topics the broker does not have are skipped. There is no pop consumption, so the pull offset equals
 * the committed offset; the consume rate is not tracked and answered as 0. Thread-safe.
 */
public final class GetConsumeStatsHandler implements RequestHandler {

    private final TopicTable topics;
    private final ConsumerOffsetTable offsets;
    private final ClientRegistry clients;
    private final MessageStore store;
    private final String brokerName;

    public GetConsumeStatsHandler(
            TopicTable topics,
            ConsumerOffsetTable offsets,
            ClientRegistry clients,
            MessageStore store,
            String brokerName) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.store = Objects.requireNonNull(store, "store");
        this.brokerName = Objects.requireNonNull(brokerName, "brokerName");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        GetConsumeStatsRequestHeader h = GetConsumeStatsRequestHeader.decode(request.extFields());
        Map<QueueRef, OffsetWrapper> table = new LinkedHashMap<>();
        for (String topic : topicsOf(h)) {
            TopicConfig config = topics.get(topic);
            if (config != null) {
                addQueues(h.consumerGroup(), config, table);
            }
        }
        return RemotingCommand.success().body(BodyCodec.encode(new ConsumeStats(table, 0)));
    }

    private Set<String> topicsOf(GetConsumeStatsRequestHeader h) {
        Set<String> chosen = new TreeSet<>();
        if (h.topicList() != null && !h.topicList().isBlank()) {
            Arrays.stream(h.topicList().split(","))
                    .map(String::trim)
                    .filter(t -> !t.isEmpty())
                    .forEach(chosen::add);
            return chosen;
        }
        if (h.topic() == null || h.topic().isBlank()) {
            chosen.addAll(offsets.topicsOf(h.consumerGroup()));
        } else {
            chosen.add(h.topic());
        }
        ConsumerGroup online = clients.consumerGroup(h.consumerGroup());
        if (online != null && !online.subscriptions().isEmpty()) {
            chosen.retainAll(online.subscriptions().keySet());
        }
        return chosen;
    }

    private void addQueues(String group, TopicConfig config, Map<QueueRef, OffsetWrapper> table) {
        String topic = config.topicName();
        for (int q = 0; q < config.readQueueNums(); q++) {
            long brokerOffset = Math.max(0, store.maxOffset(topic, q));
            long consumerOffset = Math.max(0, offsets.query(group, topic, q));
            long lastTimestamp = QueueTimes.storeTimeAt(store, topic, q, consumerOffset - 1);
            table.put(
                    new QueueRef(topic, brokerName, q),
                    new OffsetWrapper(brokerOffset, consumerOffset, consumerOffset, lastTimestamp));
        }
    }
}
