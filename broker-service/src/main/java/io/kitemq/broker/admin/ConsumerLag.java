package io.kitemq.broker.admin;

import io.kitemq.broker.offset.ConsumerOffsetTable;
import io.kitemq.store.MessageStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How far each consumer group is behind, for metrics (the Boot shell exposes it as gauges): for every
 * (group, topic, queue) with a committed offset, the queue's end offset minus the committed offset — the
 * messages stored but not yet consumed. Computed on each call from the live offset table and store; no
 * state of its own.
 *
 * <p>Thread-safe.
 */
public final class ConsumerLag {

    /**
     * One queue of one group.
     *
     * @param brokerOffset the queue's end offset (one past the last stored message)
     * @param consumerOffset the offset the group committed (the next it will consume)
     */
    public record QueueLag(String group, String topic, int queueId, long brokerOffset, long consumerOffset) {

        public QueueLag {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(topic, "topic");
        }

        /** Messages not yet consumed; never negative (a committed offset past the end counts as caught up). */
        public long lag() {
            return Math.max(0, brokerOffset - consumerOffset);
        }
    }

    private final ConsumerOffsetTable offsets;
    private final MessageStore store;

    public ConsumerLag(ConsumerOffsetTable offsets, MessageStore store) {
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Every queue with a committed offset, ordered by group, topic and queue id. */
    public List<QueueLag> snapshot() {
        List<QueueLag> lags = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, Long>> e : offsets.offsetTable().entrySet()) {
            String key = e.getKey();
            int at = key.indexOf(ConsumerOffsetTable.TOPIC_GROUP_SEPARATOR);
            String topic = key.substring(0, at);
            String group = key.substring(at + 1);
            e.getValue()
                    .forEach((queueId, committed) ->
                            lags.add(new QueueLag(group, topic, queueId, store.maxOffset(topic, queueId), committed)));
        }
        lags.sort((a, b) -> {
            int c = a.group().compareTo(b.group());
            c = c != 0 ? c : a.topic().compareTo(b.topic());
            return c != 0 ? c : Integer.compare(a.queueId(), b.queueId());
        });
        return Collections.unmodifiableList(lags);
    }

    /** The group's lag on one queue, or -1 when it has no committed offset there. */
    public long lag(String group, String topic, int queueId) {
        long committed = offsets.query(group, topic, queueId);
        return committed < 0 ? -1 : Math.max(0, store.maxOffset(topic, queueId) - committed);
    }

    /** Each group's lag summed over all its queues, by group name. */
    public Map<String, Long> totalByGroup() {
        Map<String, Long> totals = new TreeMap<>();
        for (QueueLag l : snapshot()) {
            totals.merge(l.group(), l.lag(), Long::sum);
        }
        return Collections.unmodifiableMap(totals);
    }
}
