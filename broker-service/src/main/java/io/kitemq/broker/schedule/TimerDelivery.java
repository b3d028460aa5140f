package io.kitemq.broker.schedule;

import io.kitemq.store.MessageStore;
import io.kitemq.store.queue.ConsumeQueueEntries;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers timed messages: tails the ConsumeQueue of queue 0 of {@code rmq_sys_wheel_timer} (where {@link
 * ScheduleStaging} parks them, due time in {@code TIMER_OUT_MS}, which the store puts in the entry's tag hash,
 * so the CommitLog is not read) into a {@link TimerWheel} of 1-second slots, and puts the
 * messages whose due time has come into their real topic. {@link #runOnce} runs every ~100 ms on the timer
 * thread, so a message is delivered no earlier than its due time and, idle, within about 0.1 s after it.
 *
 * <p>A message read after the cursor passed its second (it arrived late, or was due almost at once) is
 * delivered as it is read, so the checkpoint below stays exact.
 *
 * <p>Durability: the parked messages are the truth; the wheel is rebuilt from them on start. The {@link
 * Checkpoint} (saved every {@code progressPersistInterval}) says which were delivered: arrivals before
 * {@code lowWatermark} all were; from there to {@code enqueueOffset}, those due at or before {@code cursorSecond} were; the rest were not.
 * Messages delivered after the last save are delivered again after a crash (same msgId); none is lost.
 *
 * <p>Not thread-safe: {@link #recover} and {@link #runOnce} run on the timer thread; {@link #checkpoint},
 * {@link #pending} and {@link #delivered} may be read from any thread.
 */
final class TimerDelivery {

    private static final Logger log = LoggerFactory.getLogger(TimerDelivery.class);

    /**
     * The saved progress.
     *
     * @param cursorSecond every message due at or before this epoch second was delivered (of those read)
     * @param lowWatermark every parked message before this queue offset was delivered
     * @param enqueueOffset the queue offset up to which parked messages were read into the wheel
     */
    public record Checkpoint(long cursorSecond, long lowWatermark, long enqueueOffset) {}

    private final MessageStore store;
    private final InstantSource clock;
    private final AtomicLong delivered = new AtomicLong();
    private final ConsumeQueueEntries entries = new ConsumeQueueEntries(1024);
    private TimerWheel wheel;
    private long enqueueOffset;
    private long recoveredUpTo;
    private volatile Checkpoint checkpoint;
    private volatile long pending;

    TimerDelivery(MessageStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Rebuilds the wheel from the parked messages after {@code saved} (null on a first start). */
    void recover(Checkpoint saved) {
        Checkpoint from = saved != null ? saved : new Checkpoint(0, 0, 0);
        long min = store.minOffset(ScheduleStaging.TIMER_TOPIC, 0);
        long start = Math.max(from.lowWatermark(), min);
        wheel = new TimerWheel(from.cursorSecond(), start);
        enqueueOffset = start;
        recoveredUpTo = Math.max(start, from.enqueueOffset());
        enqueue();
        publish();
        log.info(
                "timer: {} timed messages pending after reading parked messages from queue offset {}",
                wheel.pending(),
                start);
    }

    /** Reads new parked messages into the wheel, then delivers every due slot; returns deliveries. */
    int runOnce() {
        enqueue();
        int n = deliverDue();
        publish();
        return n;
    }

    /** Reads the ConsumeQueue entries (due time in the tag hash) of newly parked messages into the wheel. */
    private void enqueue() {
        while (true) {
            long min = store.minOffset(ScheduleStaging.TIMER_TOPIC, 0);
            takenUpTo(min); // removed by retention: nothing left to deliver
            store.readEntries(ScheduleStaging.TIMER_TOPIC, 0, enqueueOffset, entries);
            if (entries.nextOffset() == enqueueOffset) {
                return;
            }
            for (int i = 0; i < entries.count(); i++) {
                takenUpTo(entries.queueOffset(i)); // blank slots
                if (!enqueueOne(entries.tagHash(i), entries.commitLogOffset(i))) {
                    return;
                }
                enqueueOffset++;
            }
            takenUpTo(entries.nextOffset());
        }
    }

    private void takenUpTo(long queueOffset) {
        while (enqueueOffset < queueOffset) {
            wheel.add(0, -1, true);
            enqueueOffset++;
        }
    }

    /** Adds one parked message; false if it was due already and could not be delivered (retried later). */
    private boolean enqueueOne(long dueMs, long ref) {
        boolean recovered = enqueueOffset < recoveredUpTo;
        if (!recovered && Math.floorDiv(dueMs, 1000) <= wheel.cursor()) {
            // its second is already taken: deliver it now, before the checkpoint can claim it
            ByteBuffer record = store.readAt(ref);
            if (record != null && !StagedMessages.put(store, StagedMessages.deliverableOrNull(record))) {
                log.warn("timer: cannot deliver the late message at queue offset {}; retrying", enqueueOffset);
                return false;
            }
            delivered.incrementAndGet();
            recovered = true;
        }
        wheel.add(dueMs, ref, recovered);
        return true;
    }

    private int deliverDue() {
        return wheel.takeDue(clock.millis(), ref -> {
            ByteBuffer record = ref < 0 ? null : store.readAt(ref);
            if (record != null && !StagedMessages.put(store, StagedMessages.deliverableOrNull(record))) {
                log.warn("timer: cannot deliver the message parked at CommitLog offset {}; retrying", ref);
                return false;
            }
            delivered.incrementAndGet();
            return true;
        });
    }

    private void publish() {
        pending = wheel.pending();
        checkpoint = new Checkpoint(wheel.cursor(), wheel.lowWatermark(), enqueueOffset);
    }

    /** The progress as of the end of the last run. */
    Checkpoint checkpoint() {
        return checkpoint;
    }

    long pending() {
        return pending;
    }

    long delivered() {
        return delivered.get();
    }
}
