package io.kitemq.broker.admin;

import io.kitemq.store.GetResult;
import io.kitemq.store.MessageFilter;
import io.kitemq.store.MessageStore;

/**
 * The store time of the message at a queue offset, as the admin answers report it (a queue's last update,
 * a group's last consumed message). Stateless and thread-safe.
 */
final class QueueTimes {

    private QueueTimes() {}

    /** The store time of the message at {@code offset} of the queue, or 0 if there is none (any more). */
    static long storeTimeAt(MessageStore store, String topic, int queueId, long offset) {
        if (offset < 0) {
            return 0;
        }
        GetResult r = store.get(topic, queueId, offset, 1, Integer.MAX_VALUE, MessageFilter.ALL);
        return r.records().isEmpty()
                ? 0
                : MessageStore.storeTimestampOf(r.records().get(0));
    }
}
