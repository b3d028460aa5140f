package io.kitemq.broker.schedule;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * The index of timed messages: one slot per second holding the references (CommitLog offsets of the parked
 * records) due within it, with their due times, and a cursor — every second up to it has been taken
 * entirely. A message due at {@code t} ms goes in slot {@code floor(t / 1000)}; {@link #takeDue} hands out
 * the messages whose due time has come, in due order, so none is taken early and, called every 100 ms, none
 * waits much past its time. Taking looks up each second from the cursor to now in a hash map — never the
 * pending messages — and, after a long pause, only the occupied slots. A second is complete (the cursor
 * passes it) only once it is over, so an arrival for a second still running is never mistaken for a late one.
 *
 * <p>Besides the slots, the wheel remembers the second of every arrival in arrival order from a low
 * watermark on, and advances the watermark over those at or before the cursor: everything before {@link
 * #lowWatermark()} has been taken, so a restart re-reads the parked messages from there.
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

    /** The references of one second with their due times; those before {@code taken} were handed out. */
    private static final class Slot {
        private long[] refs = new long[4];
        private long[] dues = new long[4];
        private int size;
        private int taken;
        private boolean sorted = true;

        private void add(long due, long ref) {
            if (size == refs.length) {
                refs = Arrays.copyOf(refs, size * 2);
                dues = Arrays.copyOf(dues, size * 2);
            }
            if (size > taken && dues[size - 1] > due) {
                sorted = false;
            }
            refs[size] = ref;
            dues[size++] = due;
        }

        /** Orders the entries not yet taken by due time (stable: arrival order within a millisecond). */
        private void sort() {
            if (sorted) {
                return;
            }
            int n = size - taken;
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = (Math.floorMod(dues[taken + i], 1000L) << 32) | i;
            }
            Arrays.sort(keys);
            long[] r = new long[n];
            long[] d = new long[n];
            for (int i = 0; i < n; i++) {
                int from = taken + (int) (keys[i] & 0xFFFFFFFFL);
                r[i] = refs[from];
                d[i] = dues[from];
            }
            System.arraycopy(r, 0, refs, taken, n);
            System.arraycopy(d, 0, dues, taken, n);
            sorted = true;
        }
    }

    /**
     * Adds the next arrival (number {@link #lowWatermark()} + arrivals so far), due at {@code dueMs}. An
     * arrival whose second is at or before the cursor is remembered as taken when {@code alreadyTaken};
     * otherwise it goes in the slot after the cursor.
     */
    void add(long dueMs, long ref, boolean alreadyTaken) {
        long second = Math.floorDiv(dueMs, 1000);
        if (second <= cursor && alreadyTaken) {
            remember(second);
            return;
        }
        second = Math.max(second, cursor + 1);
        remember(second);
        slots.computeIfAbsent(second, s -> new Slot()).add(dueMs, ref);
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
     * Hands every reference due at {@code nowMs} to {@code take}, earliest first, and completes the seconds
     * that are over. Stops early when {@code take} returns false (that reference is offered again next time).
     *
     * @return how many references were taken
     */
    int takeDue(long nowMs, LongPredicate take) {
        long now = Math.floorDiv(nowMs, 1000);
        skipEmptySeconds(now);
        int n = 0;
        while (true) {
            long second = cursor + 1;
            if (second > now) {
                return n;
            }
            Slot slot = slots.get(second);
            if (slot == null) {
                if (second == now) {
                    return n; // still running: an arrival for it may come
                }
                moveCursor(second);
                continue;
            }
            slot.sort();
            while (slot.taken < slot.size && slot.dues[slot.taken] <= nowMs) {
                if (!take.test(slot.refs[slot.taken])) {
                    return n;
                }
                slot.taken++;
                pending--;
                n++;
            }
            if (slot.taken < slot.size || second == now) {
                return n;
            }
            slots.remove(second);
            moveCursor(second);
        }
    }

    /** After a long pause, jumps the cursor to just before the earliest occupied second (or to now). */
    private void skipEmptySeconds(long now) {
        if (now - cursor <= slots.size() + 1) {
            return;
        }
        long first = Long.MAX_VALUE;
        for (long s : slots.keySet()) {
            first = Math.min(first, s);
        }
        moveCursor(Math.min(first - 1, now - 1));
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
