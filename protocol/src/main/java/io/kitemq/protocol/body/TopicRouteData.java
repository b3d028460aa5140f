package io.kitemq.protocol.body;

import java.util.List;
import java.util.Map;

/**
 * The route of one topic, answered by the NameServer to GET_ROUTEINFO_BY_TOPIC: which brokers hold its
 * queues ({@code queueDatas}) and where those brokers are ({@code brokerDatas}).
 *
 * <ul>
 *   <li>{@code orderTopicConf}: {@code "brokerName:queueNums;..."} for ordered topics, or {@code null}.
 *   <li>{@code filterServerTable}: broker address → filter server addresses (obsolete, usually empty).
 *   <li>{@code topicQueueMappingByBroker}: broker name → RocketMQ 5 static-topic mapping info, kept as
 *       opaque JSON objects ({@code null} when absent, and then not written).
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public record TopicRouteData(
        String orderTopicConf,
        List<QueueData> queueDatas,
        List<BrokerData> brokerDatas,
        Map<String, List<String>> filterServerTable,
        Map<String, Map<String, Object>> topicQueueMappingByBroker) {

    public TopicRouteData {
        queueDatas = BodyCollections.list(queueDatas);
        brokerDatas = BodyCollections.list(brokerDatas);
        filterServerTable = BodyCollections.map(filterServerTable);
        topicQueueMappingByBroker =
                topicQueueMappingByBroker == null ? null : BodyCollections.map(topicQueueMappingByBroker);
    }

    public TopicRouteData(List<QueueData> queueDatas, List<BrokerData> brokerDatas) {
        this(null, queueDatas, brokerDatas, null, null);
    }
}
