package io.kitemq.client.consumer;

import io.kitemq.client.KiteMqClientException;
import io.kitemq.client.consumer.offset.OffsetStore;
import io.kitemq.client.core.TopicRoute;
import io.kitemq.client.rebalance.AllocationStrategy;
import io.kitemq.protocol.body.ConsumeFromWhere;
import io.kitemq.protocol.message.MessageQueue;
import io.kitemq.protocol.message.TopicName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which queues this client consumes and keeps the table of their {@link ProcessQueue}s: for
 * each subscribed topic, all readable queues (broadcasting) or this client's share by the {@link
 * AllocationStrategy} over the group's current members (clustering). A queue that is gained gets a
 * start offset (the committed one, else by {@link ConsumeFromWhere}) and is handed to the pull loop; a
 * queue that is lost is dropped, its offset persisted and, for orderly consumption, its broker lock
 * released once the batch in progress finished.
 *
 * <p>Orderly clustering consumers only take a queue whose broker lock they got, and renew the locks of
 * all owned queues through {@link #lockAll()}.
 *
 * <p>Thread-safe: {@link #rebalance()} and the lock methods are serialized on this object (one thread
 * runs them in practice); the process-queue table is concurrent for the pull and consume threads.
 */
public final class Rebalancer {

    private static final Logger log = LoggerFactory.getLogger(Rebalancer.class);
    private static final long UNLOCK_WAIT_MILLIS = 1_000;

    private final String group;
    private final String clientId;
    private final boolean clustering;
    private final boolean orderly;
    private final ConsumeFromWhere consumeFromWhere;
    private final Supplier<Long> consumeTimestamp;
    private final AllocationStrategy allocation;
    private final ConsumerRequests requests;
    private final OffsetStore offsets;
    private final Supplier<Collection<Subscription>> subscriptions;
    private final BiConsumer<ProcessQueue, Long> onAdded;
    private final Map<MessageQueue, ProcessQueue> owned = new ConcurrentHashMap<>();

    /**
     * @param group consumer group
     * @param clustering split queues over the group (else: own every queue)
     * @param orderly lock queues on the broker before taking them (clustering only)
     * @param consumeFromWhere where a queue without a committed offset starts
     * @param consumeTimestampMillis start time for CONSUME_FROM_TIMESTAMP
     * @param allocation the split (clustering)
     * @param requests the broker calls
     * @param offsets committed offsets (read when a queue is taken, persisted when it is released)
     * @param subscriptions the current subscriptions, read on every rebalance
     * @param onAdded told of each queue taken and its start offset (starts pulling it)
     */
    public Rebalancer(
            String group,
            boolean clustering,
            boolean orderly,
            ConsumeFromWhere consumeFromWhere,
            long consumeTimestampMillis,
            AllocationStrategy allocation,
            ConsumerRequests requests,
            OffsetStore offsets,
            Supplier<Collection<Subscription>> subscriptions,
            BiConsumer<ProcessQueue, Long> onAdded) {
        this.group = Objects.requireNonNull(group, "group");
        this.clientId = requests.runtime().clientId();
        this.clustering = clustering;
        this.orderly = orderly;
        this.consumeFromWhere = Objects.requireNonNull(consumeFromWhere, "consumeFromWhere");
        this.consumeTimestamp = () -> consumeTimestampMillis;
        this.allocation = Objects.requireNonNull(allocation, "allocation");
        this.requests = requests;
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
        this.onAdded = Objects.requireNonNull(onAdded, "onAdded");
    }

    /** The queues owned now and their process queues (live view). */
    public Map<MessageQueue, ProcessQueue> owned() {
        return owned;
    }

    /** Recomputes this client's queues of every subscribed topic; errors are logged per topic. */
    public synchronized void rebalance() {
        for (Subscription sub : subscriptions.get()) {
            try {
                rebalance(sub.topic());
            } catch (KiteMqClientException e) {
                log.warn("group {}: rebalance of topic {} failed: {}", group, sub.topic(), e.getMessage());
            }
        }
    }

    private void rebalance(String topic) {
        TopicRoute route = requests.runtime().findRoute(topic).orElse(null);
        if (route == null) {
            log.debug("group {}: topic {} has no route yet", group, topic);
            return;
        }
        List<MessageQueue> all = route.subscribeQueues();
        Set<MessageQueue> mine;
        if (clustering) {
            List<String> ids = requests.consumerIds(group, topic);
            if (ids.isEmpty()) {
                log.debug("group {}: no members known for topic {} yet", group, topic);
                return;
            }
            mine = new HashSet<>(allocation.allocate(group, clientId, all, ids));
        } else {
            mine = new HashSet<>(all);
        }
        apply(topic, mine);
    }

    private void apply(String topic, Set<MessageQueue> mine) {
        int removed = 0;
        int added = 0;
        for (ProcessQueue pq : List.copyOf(owned.values())) {
            if (pq.queue().topic().equals(topic) && !mine.contains(pq.queue())) {
                release(pq);
                removed++;
            }
        }
        for (MessageQueue q : new java.util.TreeSet<>(mine)) {
            if (!owned.containsKey(q) && take(q)) {
                added++;
            }
        }
        if (removed + added > 0) {
            log.info(
                    "group {}: topic {} rebalanced by {}: +{} -{} queues, now {}",
                    group,
                    topic,
                    allocation.name(),
                    added,
                    removed,
                    mine.stream()
                            .map(q -> q.brokerName() + "#" + q.queueId())
                            .sorted()
                            .toList());
        }
    }

    private boolean take(MessageQueue q) {
        if (orderly && clustering && !lock(Set.of(q)).contains(q)) {
            log.debug("group {}: queue {} is locked by another client, not taken yet", group, q);
            return false;
        }
        long start;
        try {
            start = startOffset(q);
        } catch (KiteMqClientException e) {
            log.warn("group {}: no start offset for {} yet: {}", group, q, e.getMessage());
            return false;
        }
        ProcessQueue pq = new ProcessQueue(q);
        if (orderly && clustering) {
            pq.setLocked(true, System.currentTimeMillis());
        }
        offsets.update(q, start, false);
        owned.put(q, pq);
        onAdded.accept(pq, start);
        return true;
    }

    /** The committed offset, else where {@link ConsumeFromWhere} says a new group starts. */
    public long startOffset(MessageQueue q) {
        long committed = offsets.readDurable(q);
        if (committed >= 0) {
            return committed;
        }
        boolean retry = q.topic().startsWith(TopicName.RETRY_PREFIX);
        return switch (consumeFromWhere) {
            case CONSUME_FROM_FIRST_OFFSET, CONSUME_FROM_MIN_OFFSET -> requests.minOffset(q);
            case CONSUME_FROM_TIMESTAMP ->
                retry ? requests.maxOffset(q) : requests.searchOffset(q, consumeTimestamp.get());
            default -> retry ? 0 : requests.maxOffset(q);
        };
    }

    /** Stops consuming {@code pq}: drop, persist its offset, forget it, release its lock. */
    private void release(ProcessQueue pq) {
        MessageQueue q = pq.queue();
        pq.drop();
        owned.remove(q);
        offsets.persist(q);
        offsets.remove(q);
        if (orderly && clustering) {
            boolean idle = false;
            try {
                idle = pq.consumeLock().tryLock(UNLOCK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!idle) {
                // a batch is still running: unlocking now would let the next owner start in parallel and
                // break the order; the broker lock expires by itself instead
                log.warn(
                        "group {}: {} still consuming after {} ms, leaving its broker lock to expire",
                        group,
                        q,
                        UNLOCK_WAIT_MILLIS);
                return;
            }
            try {
                unlock(Set.of(q));
            } finally {
                pq.consumeLock().unlock();
            }
        }
    }

    /** Drops a queue without releasing anything (before an offset reset re-adds it). */
    public void forget(MessageQueue q) {
        ProcessQueue pq = owned.remove(q);
        if (pq != null) {
            pq.drop();
            pq.clear();
        }
    }

    /** Orderly clustering: renews the broker locks of every owned queue; marks those refused as unlocked. */
    public synchronized void lockAll() {
        if (!(orderly && clustering) || owned.isEmpty()) {
            return;
        }
        Set<MessageQueue> granted = lock(owned.keySet());
        long now = System.currentTimeMillis();
        owned.forEach((q, pq) -> pq.setLocked(granted.contains(q), now));
    }

    /** Releases every owned queue (close): persists offsets, unlocks. */
    public synchronized void releaseAll() {
        List<ProcessQueue> all = new ArrayList<>(owned.values());
        all.forEach(ProcessQueue::drop);
        offsets.persist(owned.keySet());
        if (orderly && clustering && !all.isEmpty()) {
            unlock(owned.keySet());
        }
        owned.clear();
    }

    private Set<MessageQueue> lock(Set<MessageQueue> queues) {
        Set<MessageQueue> granted = new HashSet<>();
        byBroker(queues).forEach((broker, qs) -> {
            try {
                granted.addAll(requests.lock(group, clientId, broker, qs));
            } catch (KiteMqClientException e) {
                log.warn("group {}: locking {} queues on {} failed: {}", group, qs.size(), broker, e.getMessage());
            }
        });
        return granted;
    }

    private void unlock(Set<MessageQueue> queues) {
        byBroker(queues).forEach((broker, qs) -> {
            try {
                requests.unlock(group, clientId, qs);
            } catch (KiteMqClientException e) {
                log.warn("group {}: unlocking {} queues on {} failed: {}", group, qs.size(), broker, e.getMessage());
            }
        });
    }

    private static Map<String, Set<MessageQueue>> byBroker(Collection<MessageQueue> queues) {
        return queues.stream()
                .collect(Collectors.groupingBy(MessageQueue::brokerName, TreeMap::new, Collectors.toSet()));
    }
}
