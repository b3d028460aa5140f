package io.kitemq.store;

import java.util.HashMap;
import java.util.Map;

/**
 * The next logical offset of every (topic, queue), assigned to messages as they are appended.
 *
 * <p>Not thread-safe: guarded by the store's writer lock.
 */
final class QueueOffsets {

    private final Map<String, long[]> byTopic = new HashMap<>();

    long next(String topic, int queueId) {
        long[] offsets = byTopic.get(topic);
        return offsets == null || queueId >= offsets.length ? 0 : offsets[queueId];
    }

    void set(String topic, int queueId, long next) {
        long[] offsets = byTopic.get(topic);
        if (offsets == null || queueId >= offsets.length) {
            long[] grown = new long[Math.max(queueId + 1, offsets == null ? 8 : offsets.length * 2)];
            if (offsets != null) {
                System.arraycopy(offsets, 0, grown, 0, offsets.length);
            }
            byTopic.put(topic, grown);
            offsets = grown;
        }
        offsets[queueId] = next;
    }

    void remove(String topic) {
        byTopic.remove(topic);
    }
}
