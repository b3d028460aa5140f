package io.kitemq.broker.schedule;

import io.kitemq.broker.topic.SystemTopics;
import io.kitemq.store.GetResult;
import io.kitemq.store.MessageStore;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the messages parked by delay level: queue {@code level-1} of {@code SCHEDULE_TOPIC_XXXX} holds
 * the level's messages in store-time order, so each queue's due times ({@code storeTimestamp + delay})
 * only grow and a level waits on its head message alone. {@link #runOnce} (called by the schedule thread
 * every ~100 ms) puts every due message of every level into its real topic and advances that level's
 * offset in the {@link DelayOffsetTable}.
 *
 * <p>At least once across a crash: the offsets are saved every {@code progressPersistInterval}; messages
 * delivered after the last save are delivered again after a restart (same msgId). None is lost: a parked
 * message is only counted once its delivery is stored.
 *
 * <p>Not thread-safe: {@link #runOnce} runs on one thread; {@link #offsets()} may be read from any.
 */
final class DelayDelivery {

    private static final Logger log = LoggerFactory.getLogger(DelayDelivery.class);

    private final MessageStore store;
    private final DelayLevels levels;
    private final DelayOffsetTable offsets;
    private final InstantSource clock;
    private final AtomicLong delivered = new AtomicLong();

    DelayDelivery(MessageStore store, DelayLevels levels, DelayOffsetTable offsets, InstantSource clock) {
        this.store = store;
        this.levels = levels;
        this.offsets = offsets;
        this.clock = clock;
    }

    /** Delivers what is due on every level; returns how many messages it delivered. */
    int runOnce() {
        int n = 0;
        for (int level = 1; level <= levels.maxLevel(); level++) {
            n += deliverLevel(level);
        }
        return n;
    }

    private int deliverLevel(int level) {
        long delay = levels.delayMillis(level);
        int queueId = level - 1;
        int n = 0;
        while (true) {
            long offset = offsets.offset(level);
            GetResult r = StagedMessages.read(store, SystemTopics.SCHEDULE_TOPIC, queueId, offset);
            if (r.records().isEmpty()) {
                offsets.set(level, StagedMessages.skipRemoved(r, offset));
                return n;
            }
            long now = clock.millis();
            for (ByteBuffer record : r.records()) {
                if (MessageStore.storeTimestampOf(record) + delay > now) {
                    return n;
                }
                if (!StagedMessages.put(store, StagedMessages.deliverableOrNull(record))) {
                    log.warn("delay level {}: cannot deliver the message at queue offset {}; retrying", level, offset);
                    return n;
                }
                offsets.set(level, ++offset);
                delivered.incrementAndGet();
                n++;
            }
        }
    }

    DelayOffsetTable offsets() {
        return offsets;
    }

    /** Messages delivered since start. */
    long delivered() {
        return delivered.get();
    }

    /** Parked messages not yet delivered, over all levels. */
    long pending() {
        long n = 0;
        for (int level = 1; level <= levels.maxLevel(); level++) {
            n += Math.max(0, store.maxOffset(SystemTopics.SCHEDULE_TOPIC, level - 1) - offsets.offset(level));
        }
        return n;
    }
}
