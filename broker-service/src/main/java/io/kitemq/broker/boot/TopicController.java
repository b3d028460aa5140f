package io.kitemq.broker.boot;

import io.kitemq.broker.Broker;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.body.TopicFilterType;
import io.kitemq.protocol.message.TopicName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The broker's topics over REST: list, show (configuration, per-queue offsets, groups with offsets),
 * create or update, delete. Changes go through the broker's {@code TopicTable}, which persists them and
 * re-registers the broker with the NameServers, as an admin's UPDATE_AND_CREATE_TOPIC would.
 *
 * <p>Stateless apart from its collaborators; thread-safe.
 */
@RestController
@RequestMapping("/api/topics")
class TopicController {

    static final int MAX_QUEUE_NUMS = 1024;
    private static final int PERM_ALL = TopicConfig.PERM_READ | TopicConfig.PERM_WRITE | TopicConfig.PERM_INHERIT;

    /** One queue of a topic: its first and end offsets and how many messages it holds. */
    record QueueView(int queueId, long minOffset, long maxOffset, long messages) {}

    record TopicView(TopicConfig config, List<QueueView> queues, Set<String> groupsWithOffsets) {}

    /**
     * A topic's settings to create or update; a missing field keeps the current value (defaults for a
     * new topic: the broker's default queue count, perm 6 read+write).
     */
    record TopicBody(
            Integer readQueueNums,
            Integer writeQueueNums,
            Integer perm,
            Boolean order,
            TopicFilterType topicFilterType,
            Map<String, String> attributes) {}

    private final Broker broker;

    TopicController(Broker broker) {
        this.broker = broker;
    }

    @GetMapping
    Mono<Collection<TopicConfig>> list() {
        return Mono.just(broker.topics().all().values());
    }

    @GetMapping("/{topic}")
    Mono<TopicView> get(@PathVariable String topic) {
        TopicConfig config = existing(topic);
        return Mono.fromCallable(() -> {
                    int queueNums = Math.max(config.readQueueNums(), config.writeQueueNums());
                    List<QueueView> queues = new ArrayList<>(queueNums);
                    for (int q = 0; q < queueNums; q++) {
                        long min = broker.store().minOffset(topic, q);
                        long max = broker.store().maxOffset(topic, q);
                        queues.add(new QueueView(q, min, max, Math.max(0, max - min)));
                    }
                    return new TopicView(config, queues, broker.offsets().groupsOf(topic));
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @PutMapping("/{topic}")
    Mono<ResponseEntity<TopicConfig>> put(@PathVariable String topic, @RequestBody(required = false) TopicBody body) {
        checkChangeable(topic);
        TopicConfig current = broker.topics().get(topic);
        TopicConfig next =
                merge(topic, current, body != null ? body : new TopicBody(null, null, null, null, null, null));
        return Mono.fromCallable(() -> {
                    broker.topics().createOrUpdate(next);
                    return ResponseEntity.status(current == null ? HttpStatus.CREATED : HttpStatus.OK)
                            .body(next);
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Deletes the topic, its queues and the groups' offsets on it; its CommitLog records age out. */
    @DeleteMapping("/{topic}")
    Mono<ResponseEntity<Void>> delete(@PathVariable String topic) {
        checkChangeable(topic);
        existing(topic);
        return Mono.fromCallable(() -> {
                    broker.topics().delete(topic);
                    broker.store().deleteTopic(topic);
                    broker.offsets().removeTopic(topic);
                    return ResponseEntity.noContent().<Void>build();
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private TopicConfig existing(String topic) {
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

    /** Valid name, and not one of the broker's system topics (retry and dead-letter topics may change). */
    private static void checkChangeable(String topic) {
        String invalid = TopicName.check(topic);
        if (invalid != null) {
            throw Problem.badRequest(invalid);
        }
        boolean groupTopic = topic.startsWith(TopicName.RETRY_PREFIX) || topic.startsWith(TopicName.DLQ_PREFIX);
        if (!TopicName.isSendable(topic) && !groupTopic) {
            throw Problem.forbidden("topic " + topic + " is a system topic and cannot be changed over REST");
        }
    }

    private TopicConfig merge(String topic, TopicConfig current, TopicBody body) {
        int defaultQueues = broker.config().defaultTopicQueueNums();
        int read = pick(body.readQueueNums(), current == null ? defaultQueues : current.readQueueNums());
        int write = pick(body.writeQueueNums(), current == null ? defaultQueues : current.writeQueueNums());
        int perm = pick(body.perm(), current == null ? TopicConfig.DEFAULT_PERM : current.perm());
        if (read < 1 || read > MAX_QUEUE_NUMS || write < 1 || write > MAX_QUEUE_NUMS) {
            throw Problem.badRequest("readQueueNums and writeQueueNums must be 1 to " + MAX_QUEUE_NUMS + ", got " + read
                    + " and " + write);
        }
        if ((perm & ~PERM_ALL) != 0) {
            throw Problem.badRequest("perm must combine 1 (inherit), 2 (write) and 4 (read): " + perm);
        }
        return new TopicConfig(
                topic,
                read,
                write,
                perm,
                body.topicFilterType() != null
                        ? body.topicFilterType()
                        : current == null ? null : current.topicFilterType(),
                current == null ? 0 : current.topicSysFlag(),
                body.order() != null ? body.order() : current != null && current.order(),
                body.attributes() != null ? body.attributes() : current == null ? null : current.attributes());
    }

    private static int pick(Integer given, int otherwise) {
        return given != null ? given : otherwise;
    }
}
