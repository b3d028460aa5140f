package io.kitemq.store.dispatch;

import io.kitemq.protocol.message.StoredMessageFormat;
import io.kitemq.store.StoreMetrics;
import io.kitemq.store.commitlog.CommitLog;
import io.kitemq.store.commitlog.Segment;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns CommitLog records into ConsumeQueue entries, index entries and new-message notifications: a
 * background thread follows the log's write position, reads each complete record once, and hands a
 * {@link DispatchRequest} to every {@link DispatchTarget} in order (queue and index targets first,
 * listeners last, so a listener sees an entry that is already readable). Appenders call
 * {@link #wakeup()} after each append; it costs them a system call only when the dispatcher sleeps. After a
 * round that found records the dispatcher naps for {@value #NAP_MICROS} µs and is not woken from that nap, so
 * a stream of appends does not pay one thread wake-up per message (which, on a small machine, halved a single
 * writer's rate); a nap adds about that much to the delay between an append and its dispatch. It goes to
 * sleep, until the next append wakes it, once a nap found nothing, or after a batch ({@value #NAP_BATCH}
 * records or more in a round) once {@value #NAPS_BEFORE_SLEEP} rounds in a row found nothing (~2 ms). So a
 * trickle costs at most two wake-ups per message (the append's, and the end of the one nap), and of a stream
 * of appends less than a nap apart only the first wakes it. Going to sleep after every round of fewer than
 * {@value #NAP_BATCH} records, as this did until 2026-11-26, made each of 64 SYNC writers' appends wake the
 * dispatcher: two context switches per message on the appender's core.
 *
 * <p>Records are read through the segment files' channels in chunks of up to {@value #CHUNK_BYTES} bytes (see
 * {@link CommitLog} for why not through the mapping), so one read serves many small records.
 *
 * <p>The dispatched position is published through a volatile field after all targets returned.
 * Thread-safe: one dispatch loop runs at a time ({@link #dispatchAvailable()} is also used by recovery
 * before the thread starts).
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    static final int CHUNK_BYTES = 1 << 20;

    /** How long the dispatcher naps, not woken by appends, after a round that found records. */
    static final int NAP_MICROS = 100;

    /** A dispatch round of at least this many records means appends stream in: nap on through idle rounds. */
    static final int NAP_BATCH = 8;

    /**
     * After a batch, the empty rounds in a row after which the dispatcher sleeps until woken (at most {@value
     * #SLEEP_MILLIS} ms at a time).
     */
    static final int NAPS_BEFORE_SLEEP = 20;

    static final int SLEEP_MILLIS = 10;

    private final CommitLog commitLog;
    private final List<DispatchTarget> targets = new CopyOnWriteArrayList<>();
    private final StoreMetrics metrics;
    private final Object loop = new Object();
    private volatile long dispatched;
    private volatile boolean running;
    private volatile Thread thread;
    /** True while the dispatcher sleeps and wants {@link #wakeup()} to wake it. */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    /** How many times {@link #wakeup()} woke the sleeping dispatcher (tests). */
    private final AtomicLong wakeups = new AtomicLong();
    /** Bytes of the CommitLog from {@link #chunkBase} on, read by the dispatch loop (guarded by {@link #loop}). */
    private ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES);

    private long chunkBase = -1;

    public Dispatcher(CommitLog commitLog, long from, StoreMetrics metrics) {
        this.commitLog = commitLog;
        this.dispatched = from;
        this.metrics = metrics;
    }

    /** Adds a target; targets are called in the order they were added. */
    public void addTarget(DispatchTarget target) {
        targets.add(target);
    }

    /** CommitLog offset below which every record has been dispatched. */
    public long dispatchedPosition() {
        return dispatched;
    }

    /** Dispatches every complete record up to the current write position; returns how many. */
    public int dispatchAvailable() {
        synchronized (loop) {
            long pos = Math.max(dispatched, commitLog.minOffset());
            long end = commitLog.writePosition();
            chunkBase = -1; // below the write position bytes never change, but recovery may have cut the log
            int n = 0;
            while (pos < end) {
                Segment s = commitLog.segmentAt(pos);
                if (s == null || !load(s, pos, StoredMessageFormat.END_FILE_MIN_BLANK_LENGTH, end)) {
                    log.error("dispatch found no readable segment at {} (write position {}); skipping to it", pos, end);
                    pos = end;
                    break;
                }
                if (StoredMessageFormat.isBlank(chunk, (int) (pos - chunkBase))) {
                    pos = s.end();
                    continue;
                }
                int size = chunk.getInt((int) (pos - chunkBase));
                if (size < StoredMessageFormat.END_FILE_MIN_BLANK_LENGTH || !load(s, pos, size, end)) {
                    throw new IllegalStateException("no complete record of " + size + " bytes at CommitLog offset "
                            + pos + " (write position " + end + ")");
                }
                DispatchRequest request = RecordReader.read(chunk, (int) (pos - chunkBase), pos);
                for (DispatchTarget t : targets) {
                    t.dispatch(request);
                }
                pos += request.size();
                n++;
                if ((n & 1023) == 0) {
                    dispatched = pos;
                }
            }
            dispatched = pos;
            metrics.dispatchLag(commitLog.writePosition() - pos);
            return n;
        }
    }

    /**
     * Makes {@code [pos, pos + length)} of segment {@code s} available in {@link #chunk}, reading ahead up to
     * the chunk's size, the segment's end and {@code end}; false when the range is not (or no longer) there.
     */
    private boolean load(Segment s, long pos, int length, long end) {
        if (chunkBase >= 0 && pos >= chunkBase && pos + length <= chunkBase + chunk.limit()) {
            return true;
        }
        if (chunk.capacity() < length) {
            chunk = ByteBuffer.allocateDirect(length);
        }
        long limit = Math.min(Math.min(s.end(), end), pos + chunk.capacity());
        if (pos + length > limit) {
            return false;
        }
        chunkBase = -1;
        chunk.clear().limit((int) (limit - pos));
        if (!s.file().readAt((int) (pos - s.base()), chunk)) {
            return false;
        }
        chunk.flip();
        chunkBase = pos;
        return true;
    }

    public void start() {
        running = true;
        Thread t = new Thread(this::run, "kitemq-store-dispatcher");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /**
     * Tells the dispatcher that new records may be there; call after each append (after the CommitLog's write
     * position moved). Costs a volatile read unless the dispatcher sleeps.
     */
    public void wakeup() {
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            Thread t = thread;
            if (t != null) {
                wakeups.incrementAndGet();
                LockSupport.unpark(t);
            }
        }
    }

    /** How many times an appender had to wake the dispatcher from its sleep (tests). */
    long wakeups() {
        return wakeups.get();
    }

    /** Whether the dispatcher sleeps until the next append wakes it (tests). */
    boolean sleeping() {
        return sleeping.get();
    }

    private void run() {
        int idle = NAPS_BEFORE_SLEEP;
        while (running) {
            try {
                int n = dispatchAvailable();
                if (n > 0) {
                    if (n >= NAP_BATCH) {
                        idle = 0; // appends are streaming in: nap on through the next idle rounds
                    } // else (fewer): idle as it was; after a sleep that means one empty round sends us back
                    LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(NAP_MICROS));
                } else if (++idle <= NAPS_BEFORE_SLEEP) {
                    LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(NAP_MICROS));
                } else {
                    // nothing came: sleep until the next append wakes us. That costs a trickle one wake-up per
                    // append; napping on would cost an idle store one every 100 µs
                    idle = NAPS_BEFORE_SLEEP;
                    sleep();
                }
            } catch (RuntimeException e) {
                log.error("dispatch failed at {}; retrying", dispatched, e);
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    /**
     * Sleeps until woken or {@value #SLEEP_MILLIS} ms passed. The flag is raised before the write position is
     * checked again, and appenders move the write position before they read the flag (both volatile), so an
     * append either sees the flag or is seen here: no wake-up is lost.
     */
    private void sleep() {
        sleeping.set(true);
        if (commitLog.writePosition() <= dispatched && running) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(SLEEP_MILLIS));
        }
        sleeping.set(false);
    }

    /** Stops the thread without dispatching what is left (a simulated crash, in tests). */
    public void stopWithoutDraining() {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    /** Dispatches what is left and stops the thread. */
    @Override
    public void close() {
        stopWithoutDraining();
        dispatchAvailable();
    }
}
