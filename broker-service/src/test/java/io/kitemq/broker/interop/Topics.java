package io.kitemq.broker.interop;

import static org.awaitility.Awaitility.await;

import io.kitemq.broker.EmbeddedCluster;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.body.TopicRouteData;
import java.time.Duration;

/** Creates topics on the embedded broker and waits until the NameServer routes them. Stateless. */
final class Topics {

    private Topics() {}

    /** Creates {@code topic} with {@code queues} read and write queues; returns once the NameServer has its route. */
    static String create(EmbeddedCluster cluster, String topic, int queues) {
        cluster.broker.topics().createOrUpdate(new TopicConfig(topic, queues, queues, TopicConfig.DEFAULT_PERM));
        await().atMost(Duration.ofSeconds(10)).until(() -> routed(cluster, topic));
        return topic;
    }

    private static boolean routed(EmbeddedCluster cluster, String topic) {
        TopicRouteData route = cluster.nameServer.routes().route(topic, null);
        return route != null
                && route.queueDatas() != null
                && !route.queueDatas().isEmpty();
    }
}
