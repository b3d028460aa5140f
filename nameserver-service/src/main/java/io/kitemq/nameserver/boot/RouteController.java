package io.kitemq.nameserver.boot;

import io.kitemq.nameserver.BrokerLiveInfo;
import io.kitemq.nameserver.NameServer;
import io.kitemq.nameserver.handler.NameServerNamespaces;
import io.kitemq.protocol.body.ClusterInfo;
import io.kitemq.protocol.body.TopicRouteData;
import io.kitemq.protocol.message.TopicName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Read-only REST view of the NameServer for the console and scripts: routes, clusters, brokers with
 * their last heartbeat, topics and KV config. Errors are {@code application/problem+json}. The remoting
 * protocol stays the way brokers and clients change state.
 */
@RestController
@RequestMapping("/api")
class RouteController {

    /** One registered broker instance. */
    record BrokerView(
            String cluster,
            String brokerName,
            long brokerId,
            String address,
            String haServerAddress,
            Instant lastHeartbeat,
            long timeoutMillis,
            long dataVersionCounter) {

        static BrokerView of(BrokerLiveInfo i) {
            return new BrokerView(
                    i.clusterName(),
                    i.brokerName(),
                    i.brokerId(),
                    i.brokerAddr(),
                    i.haServerAddr(),
                    Instant.ofEpochMilli(i.lastUpdateMillis()),
                    i.timeoutMillis(),
                    i.dataVersion().counter());
        }
    }

    record TopicsView(Set<String> topics) {}

    record KvEntry(String namespace, String key, String value) {}

    private final NameServer server;

    RouteController(NameServer server) {
        this.server = server;
    }

    @GetMapping("/routes/{topic}")
    Mono<TopicRouteData> route(@PathVariable String topic) {
        String invalid = TopicName.check(topic);
        if (invalid != null) {
            return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, invalid));
        }
        TopicRouteData route =
                server.routes().route(topic, server.kvConfig().get(NameServerNamespaces.ORDER_TOPIC_CONFIG, topic));
        return route == null
                ? Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no live broker serves topic " + topic))
                : Mono.just(route);
    }

    @GetMapping("/clusters")
    Mono<ClusterInfo> clusters() {
        return Mono.just(server.routes().clusterInfo());
    }

    @GetMapping("/brokers")
    Mono<List<BrokerView>> brokers() {
        return Mono.just(
                server.routes().liveBrokers().stream().map(BrokerView::of).toList());
    }

    @GetMapping("/topics")
    Mono<TopicsView> topics(@RequestParam(required = false) String cluster) {
        return Mono.just(new TopicsView(
                cluster == null ? server.routes().topics() : server.routes().topicsOfCluster(cluster)));
    }

    @GetMapping("/kv")
    Mono<Map<String, Map<String, String>>> kv() {
        return Mono.just(server.kvConfig().all());
    }

    @GetMapping("/kv/{namespace}")
    Mono<Map<String, String>> kvNamespace(@PathVariable String namespace) {
        Map<String, String> table = server.kvConfig().namespace(namespace);
        return table == null
                ? Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no KV namespace " + namespace))
                : Mono.just(table);
    }

    @GetMapping("/kv/{namespace}/{key}")
    Mono<KvEntry> kvValue(@PathVariable String namespace, @PathVariable String key) {
        String value = server.kvConfig().get(namespace, key);
        return value == null
                ? Mono.error(new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "no KV key " + key + " in namespace " + namespace))
                : Mono.just(new KvEntry(namespace, key, value));
    }
}
