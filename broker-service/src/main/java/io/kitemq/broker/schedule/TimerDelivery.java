package io.kitemq.broker.schedule;

import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.store.GetResult;
import io.kitemq.store.MessageStore;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers timed messages: tails queue 0 of {@code rmq_sys_wheel_timer} (where {@link ScheduleStaging}
 * parks them, due time in {@code TIMER_OUT_MS}) into a {@link TimerWheel} of 1-second slots, and puts the
 * messages of every due slot into their real topic. {@link #runOnce} runs every ~100 ms on the timer
 * thread, so a message is delivered no earlier than its due time and, idle, within about 0.1 s after it.
 *
 * <p>A message read after the cursor passed its second (it arrived late, or was due almost at once) is
 * delivered as it is read, so the checkpoint below stays exact.
 *
 * <p>Durability: the parked messages are the truth; the wheel is rebuilt from them on start. The {@link
 * Checkpoint} (saved every {@code progressPersistInterval}) says which were delivered: arrivals before {@code lowWatermark} all were; from
 * there to {@code enqueueOffset}, those due at or before {@code cursorSecond} were; the rest were not.
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

    private void enqueue() {
        while (true) {
            GetResult r = StagedMessages.read(store, ScheduleStaging.TIMER_TOPIC, 0, enqueueOffset);
            if (r.records().isEmpty()) {
                long next = StagedMessages.skipRemoved(r, enqueueOffset);
                while (enqueueOffset < next) {
                    wheel.add(0, -1, true); // removed by retention: nothing left to deliver
                    enqueueOffset++;
                }
                return;
            }
            for (ByteBuffer record : r.records()) {
                MessageExt m = StoredMessageCodec.decode(record, false, false);
                long due = dueMillis(m);
                boolean recovered = enqueueOffset < recoveredUpTo;
                if (!recovered && Math.floorDiv(due + 999, 1000) <= wheel.cursor()) {
                    // its second is already taken: deliver it now, before the checkpoint can claim it
                    if (!StagedMessages.put(store, StagedMessages.deliverableOrNull(record))) {
                        log.warn("timer: cannot deliver the late message at queue offset {}; retrying", enqueueOffset);
                        return;
                    }
                    delivered.incrementAndGet();
                    recovered = true;
                }
                wheel.add(due, m.getCommitLogOffset(), recovered);
                enqueueOffset++;
            }
        }
    }

    private static long dueMillis(MessageExt m) {
        try {
            return Long.parseLong(m.getProperty(PropertyKeys.PROPERTY_TIMER_OUT_MS));
        } catch (NumberFormatException e) {
            return 0; // not ours to judge: deliver at once
        }
    }

    private int deliverDue() {
        int n = 0;
        TimerWheel.Slot slot;
        while ((slot = wheel.nextDue(clock.millis())) != null) {
            while (slot.taken < slot.size()) {
                long ref = slot.ref(slot.taken);
                ByteBuffer record = ref < 0 ? null : store.readAt(ref);
                if (record != null && !StagedMessages.put(store, StagedMessages.deliverableOrNull(record))) {
                    log.warn("timer: cannot deliver the message parked at CommitLog offset {}; retrying", ref);
                    return n;
                }
                slot.taken++;
                delivered.incrementAndGet();
                n++;
            }
            wheel.complete(slot);
        }
        return n;
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
