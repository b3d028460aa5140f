package io.kitemq.client.consumer.offset;

import io.kitemq.client.KiteMqClientException;
import io.kitemq.protocol.message.MessageQueue;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offsets of a clustering consumer group, kept on the brokers ({@code QUERY_CONSUMER_OFFSET} /
 * {@code UPDATE_CONSUMER_OFFSET}) and cached here between persists. Only offsets that changed since
 * their last successful persist are sent again.
 *
 * <p>Thread-safe: a concurrent map of atomics; consume threads update, the persist task reads.
 */
public final class BrokerOffsetStore implements OffsetStore {

    private static final Logger log = LoggerFactory.getLogger(BrokerOffsetStore.class);

    private final String group;
    private final OffsetBroker broker;
    private final ConcurrentMap<MessageQueue, AtomicLong> offsets = new ConcurrentHashMap<>();
    private final ConcurrentMap<MessageQueue, Long> persisted = new ConcurrentHashMap<>();

    public BrokerOffsetStore(String group, OffsetBroker broker) {
        this.group = Objects.requireNonNull(group, "group");
        this.broker = Objects.requireNonNull(broker, "broker");
    }

    @Override
    public long readLocal(MessageQueue queue) {
        AtomicLong offset = offsets.get(queue);
        return offset == null ? -1 : offset.get();
    }

    @Override
    public long readDurable(MessageQueue queue) {
        OptionalLong remote = broker.queryOffset(group, queue);
        if (remote.isEmpty()) {
            return -1;
        }
        long value = remote.getAsLong();
        update(queue, value, false);
        persisted.put(queue, value);
        return value;
    }

    @Override
    public void update(MessageQueue queue, long offset, boolean increaseOnly) {
        AtomicLong current = offsets.computeIfAbsent(queue, q -> new AtomicLong(offset));
        if (increaseOnly) {
            current.accumulateAndGet(offset, Math::max);
        } else {
            current.set(offset);
        }
    }

    @Override
    public void persist(Set<MessageQueue> queues) {
        int sent = 0;
        for (MessageQueue queue : queues) {
            if (send(queue)) {
                sent++;
            }
        }
        offsets.keySet().removeIf(q -> !queues.contains(q));
        persisted.keySet().removeIf(q -> !queues.contains(q));
        log.debug("group {}: persisted {} changed offsets of {} queues", group, sent, queues.size());
    }

    @Override
    public void persist(MessageQueue queue) {
        send(queue);
    }

    private boolean send(MessageQueue queue) {
        AtomicLong offset = offsets.get(queue);
        if (offset == null) {
            return false;
        }
        long value = offset.get();
        if (Long.valueOf(value).equals(persisted.get(queue))) {
            return false;
        }
        try {
            broker.updateOffset(group, queue, value);
            persisted.put(queue, value);
            return true;
        } catch (KiteMqClientException e) {
            log.warn("group {}: cannot persist offset {} of {}: {}", group, value, queue, e.getMessage());
            return false;
        }
    }

    @Override
    public void remove(MessageQueue queue) {
        offsets.remove(queue);
        persisted.remove(queue);
    }

    @Override
    public Map<MessageQueue, Long> snapshot() {
        Map<MessageQueue, Long> copy = new java.util.TreeMap<>();
        offsets.forEach((q, o) -> copy.put(q, o.get()));
        return copy;
    }
}
