package io.kitemq.client.core;

import io.kitemq.protocol.body.BrokerData;
import io.kitemq.protocol.body.QueueData;
import io.kitemq.protocol.body.TopicRouteData;
import io.kitemq.protocol.message.MessageQueue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The route of one topic as the NameServer returned it, with the queues derived from it: publish queues
 * (writable queues on brokers that have a master, or the brokers and counts of {@code orderTopicConf}
 * when the topic is ordered) and subscribe queues (readable queues). Both lists are ordered by broker
 * name, then queue id, so every client derives the same lists from the same route.
 *
 * <p>Immutable and thread-safe.
 */
public final class TopicRoute {

    /** Permission bits of {@link QueueData#perm()} (RocketMQ's PermName). */
    public static final int PERM_INHERIT = 1;

    public static final int PERM_WRITE = 2;
    public static final int PERM_READ = 4;

    private final String topic;
    private final TopicRouteData data;
    private final Map<String, BrokerData> brokers;
    private final List<MessageQueue> publishQueues;
    private final List<MessageQueue> subscribeQueues;

    public TopicRoute(String topic, TopicRouteData data) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.data = Objects.requireNonNull(data, "data");
        Map<String, BrokerData> byName = new LinkedHashMap<>();
        for (BrokerData b : data.brokerDatas()) {
            byName.put(b.brokerName(), b);
        }
        this.brokers = Map.copyOf(byName);
        this.publishQueues = List.copyOf(derivePublishQueues());
        this.subscribeQueues = List.copyOf(deriveSubscribeQueues());
    }

    /**
     * The route a producer uses for a topic that does not exist yet: {@code template}'s brokers (the route
     * of TBW102) with at most {@code maxQueues} queues each, under {@code topic}'s name — the broker
     * creates the topic on the first send. As RocketMQ's producer does.
     */
    public static TopicRoute derived(String topic, TopicRoute template, int maxQueues) {
        List<QueueData> queues = new ArrayList<>();
        for (QueueData q : template.data.queueDatas()) {
            int n = Math.min(maxQueues, q.readQueueNums());
            queues.add(new QueueData(q.brokerName(), n, n, q.perm(), q.topicSysFlag()));
        }
        return new TopicRoute(topic, new TopicRouteData(queues, template.data.brokerDatas()));
    }

    public String topic() {
        return topic;
    }

    public TopicRouteData data() {
        return data;
    }

    /** Writable queues on brokers with a master, by broker name then queue id; may be empty. */
    public List<MessageQueue> publishQueues() {
        return publishQueues;
    }

    /** Readable queues, by broker name then queue id; may be empty. */
    public List<MessageQueue> subscribeQueues() {
        return subscribeQueues;
    }

    /** The brokers of this route by name. */
    public Map<String, BrokerData> brokers() {
        return brokers;
    }

    /** The master address of {@code brokerName}, or {@code null} when the broker has no master here. */
    public String masterAddress(String brokerName) {
        BrokerData b = brokers.get(brokerName);
        return b == null ? null : b.brokerAddrs().get(BrokerData.MASTER_ID);
    }

    /** The master address of {@code brokerName}, else any of its addresses, else {@code null}. */
    public String anyAddress(String brokerName) {
        BrokerData b = brokers.get(brokerName);
        return b == null ? null : b.selectBrokerAddr();
    }

    public static boolean isWritable(int perm) {
        return (perm & PERM_WRITE) != 0;
    }

    public static boolean isReadable(int perm) {
        return (perm & PERM_READ) != 0;
    }

    private List<MessageQueue> derivePublishQueues() {
        List<MessageQueue> list = new ArrayList<>();
        String order = data.orderTopicConf();
        if (order != null && !order.isBlank()) {
            for (String entry : order.split(";")) {
                String[] parts = entry.split(":");
                if (parts.length == 2) {
                    addQueues(list, parts[0].trim(), Integer.parseInt(parts[1].trim()));
                }
            }
            return list;
        }
        for (QueueData q : sortedQueueDatas()) {
            if (isWritable(q.perm()) && masterAddress(q.brokerName()) != null) {
                addQueues(list, q.brokerName(), q.writeQueueNums());
            }
        }
        return list;
    }

    private List<MessageQueue> deriveSubscribeQueues() {
        List<MessageQueue> list = new ArrayList<>();
        for (QueueData q : sortedQueueDatas()) {
            if (isReadable(q.perm())) {
                addQueues(list, q.brokerName(), q.readQueueNums());
            }
        }
        return list;
    }

    private List<QueueData> sortedQueueDatas() {
        List<QueueData> sorted = new ArrayList<>(data.queueDatas());
        sorted.sort(Comparator.comparing(QueueData::brokerName));
        return sorted;
    }

    private void addQueues(List<MessageQueue> list, String brokerName, int count) {
        for (int i = 0; i < count; i++) {
            list.add(new MessageQueue(topic, brokerName, i));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicRoute r && r.topic.equals(topic) && r.data.equals(data);
    }

    @Override
    public int hashCode() {
        return topic.hashCode() * 31 + data.hashCode();
    }

    @Override
    public String toString() {
        return "TopicRoute{" + topic + ", publish=" + publishQueues.size() + ", subscribe=" + subscribeQueues.size()
                + ", brokers=" + brokers.keySet() + '}';
    }
}
