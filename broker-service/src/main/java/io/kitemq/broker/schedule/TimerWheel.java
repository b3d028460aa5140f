package io.kitemq.broker.schedule;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The index of timed messages: one slot per due second holding references (CommitLog offsets of the
 * parked records) in arrival order, and a cursor — every second up to it has been taken. A message due at
 * {@code t} ms goes in slot {@code ceil(t / 1000)}, so it is taken no earlier than {@code t}; one due at
 * or before the cursor goes in the slot after the cursor. Taking what is due looks up each second from
 * the cursor to now in a hash map — never the pending messages — and, after a long pause, only the
 * occupied slots.
 *
 * <p>Besides the slots, the wheel remembers the due second of every reference in arrival order from a
 * low watermark on, and advances the watermark over those at or before the cursor: everything before
 * {@link #lowWatermark()} has been taken, so a restart re-reads the parked messages from there.
 *
 * <p>Not thread-safe: owned by the timer thread.
 */
final class TimerWheel {

    private final Map<Long, Slot> slots = new HashMap<>();
    private long cursor;
    private long pending;
    private long lowWatermark;
    private long[] arrivals = new long[1024];
    private int arrivalsHead;
    private int arrivalsSize;

    /** A wheel whose seconds up to {@code cursorSecond} are taken; arrivals are numbered from {@code lowWatermark}. */
    TimerWheel(long cursorSecond, long lowWatermark) {
        this.cursor = cursorSecond;
        this.lowWatermark = lowWatermark;
    }

    /** References due in one second, in arrival order; {@link #taken} counts those already taken. */
    static final class Slot {
        private long[] refs = new long[4];
        private int size;
        int taken;

        private void add(long ref) {
            if (size == refs.length) {
                refs = Arrays.copyOf(refs, size * 2);
            }
            refs[size++] = ref;
        }

        int size() {
            return size;
        }

        long ref(int i) {
            return refs[i];
        }
    }

    /**
     * Adds the next arrival (number {@link #lowWatermark()} + arrivals so far), due at {@code dueMs}.
     * An arrival due at or before the cursor is remembered as taken when {@code alreadyTaken}; otherwise
     * it goes in the slot after the cursor.
     */
    void add(long dueMs, long ref, boolean alreadyTaken) {
        long second = Math.floorDiv(dueMs + 999, 1000);
        if (second <= cursor && alreadyTaken) {
            remember(second);
            return;
        }
        second = Math.max(second, cursor + 1);
        remember(second);
        slots.computeIfAbsent(second, s -> new Slot()).add(ref);
        pending++;
    }

    private void remember(long second) {
        if (arrivalsSize == arrivals.length) {
            long[] grown = new long[arrivals.length * 2];
            for (int i = 0; i < arrivalsSize; i++) {
                grown[i] = arrivals[(arrivalsHead + i) % arrivals.length];
            }
            arrivals = grown;
            arrivalsHead = 0;
        }
        arrivals[(arrivalsHead + arrivalsSize++) % arrivals.length] = second;
        advanceWatermark();
    }

    /**
     * The earliest slot due at {@code nowMs} (its second &lt;= now), moving the cursor over empty seconds;
     * null when nothing is due. The slot stays until {@link #complete} is called.
     */
    Slot nextDue(long nowMs) {
        long now = Math.floorDiv(nowMs, 1000);
        if (now - cursor > slots.size()) {
            long first = Long.MAX_VALUE;
            for (long s : slots.keySet()) {
                first = Math.min(first, s);
            }
            if (first > now) {
                moveCursor(now);
                return null;
            }
            moveCursor(first - 1);
        }
        while (cursor < now) {
            Slot slot = slots.get(cursor + 1);
            if (slot != null) {
                return slot;
            }
            moveCursor(cursor + 1);
        }
        return null;
    }

    /** Marks the slot returned by {@link #nextDue} as taken entirely. */
    void complete(Slot slot) {
        long second = cursor + 1;
        if (slots.get(second) != slot) {
            throw new IllegalStateException("not the slot after the cursor " + cursor);
        }
        slots.remove(second);
        pending -= slot.size;
        moveCursor(second);
    }

    private void moveCursor(long second) {
        if (second > cursor) {
            cursor = second;
            advanceWatermark();
        }
    }

    private void advanceWatermark() {
        while (arrivalsSize > 0 && arrivals[arrivalsHead] <= cursor) {
            arrivalsHead = (arrivalsHead + 1) % arrivals.length;
            arrivalsSize--;
            lowWatermark++;
        }
    }

    /** Every second up to this one has been taken. */
    long cursor() {
        return cursor;
    }

    /** Every arrival numbered below this has been taken. */
    long lowWatermark() {
        return lowWatermark;
    }

    /** References added and not yet taken. */
    long pending() {
        return pending;
    }
}
