package io.kitemq.store.commitlog;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the CommitLog ready ahead of a {@code pwrite} writer (SYNC flush): a background thread writes zeros
 * with O_DIRECT over the next {@code ahead} bytes of the segment, in chunks of up to 1 MiB, and forces them.
 * The writer then appends into blocks that are already allocated.
 *
 * <p><b>Why.</b> A segment is a sparse file: appending into it allocates blocks, and each fsync must also write
 * the metadata that records them. It costs ~60% more per fsync for a 48 KiB group, ~15% for 1 KiB (on this
 * machine: 159–179 vs 104–113 µs, and 99–103 vs 85–90 µs). Zeros written with O_DIRECT cost the guest little
 * CPU: the device copies them. They leave the pages uncached, so the writer writes each page it enters whole
 * (its records and zeros to the page end, {@link #beforeWrite}): a partial write of an uncached page
 * over allocated blocks would read it from disk first (13 µs per 1 KiB append instead of 2 µs). Until
 * 2026-11-26 the preparer read each chunk back into the page cache instead; those reads took a quarter of the
 * CPU with 64 writers, and their fsyncs took 140–200 µs instead of 104–130 µs (see docs/benchmarks.md).
 * Writing the zeros through the page cache (tried 2026-11-26) took the CPU the writers needed.
 *
 * <p><b>Safety.</b> The zeros must never land on bytes the writer has written. The preparer only zeroes beyond
 * {@link #preparedEnd()}, and the writer writes below it without coordination. To write beyond it (the
 * preparer is behind, or has stopped), the writer first raises its reach under the lock. The preparer never
 * starts a chunk below that reach, and the writer waits for a chunk in progress that its bytes overlap. Any
 * I/O error in the preparer (a full disk, a filesystem without O_DIRECT) stops it for good. The writer then
 * appends into the sparse file as without it.
 *
 * <p>Thread-safe: {@link #beforeWrite} and {@link #afterWrite} from the one writer (under the store's writer
 * lock); one preparing thread.
 */
final class SegmentPreparer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SegmentPreparer.class);

    /** The page the padding completes; also the alignment of the O_DIRECT zeros. */
    static final int PAGE = 4096;
    /** Read only (absolute gets): the zeros that complete a page. */
    private static final ByteBuffer PAGE_OF_ZEROS = ByteBuffer.allocateDirect(PAGE);
    /** The most zeroed with one O_DIRECT write (less when preparing less than this ahead). */
    private static final int MAX_CHUNK = 1 << 20;

    private final LongFunction<Segment> segmentAt;
    private final LongSupplier writePosition;
    private final int ahead;
    private final int chunk;
    private final Object lock = new Object();
    private final ByteBuffer zeros;

    private final Thread thread;

    /** Everything from where preparing began up to here is zeroed on disk or the writer's. Written by the preparer. */
    private volatile long preparedEnd;
    /** The writer's reach beyond {@link #preparedEnd} (lock): no chunk starts below it. */
    private long reserved;
    /** The chunk being zeroed (lock), or -1. */
    private long zeroingFrom = -1;
    /** The write position at which the writer wakes the preparer; set by the preparer before it parks. */
    private volatile long wakeAt;

    private volatile boolean running = true;
    private volatile boolean stopped;
    private volatile long chunksPrepared;

    // preparing thread only: the O_DIRECT channel of the segment being prepared
    private Segment directSegment;
    private FileChannel direct;

    SegmentPreparer(LongFunction<Segment> segmentAt, LongSupplier writePosition, long from, int ahead) {
        if (ahead < PAGE || ahead % PAGE != 0) {
            throw new IllegalArgumentException("prepare a positive multiple of " + PAGE + " bytes ahead: " + ahead);
        }
        this.segmentAt = segmentAt;
        this.writePosition = writePosition;
        this.ahead = ahead;
        this.chunk = Math.min(MAX_CHUNK, ahead);
        this.zeros = ByteBuffer.allocateDirect(chunk + PAGE).alignedSlice(PAGE);
        this.preparedEnd = from;
        this.reserved = from;
        this.thread = new Thread(this::run, "kitemq-store-segment-preparer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Everything below this offset is prepared or was written by the writer: zeroes never land below it. */
    long preparedEnd() {
        return preparedEnd;
    }

    /** Chunks zeroed so far (tests). */
    long chunksPrepared() {
        return chunksPrepared;
    }

    /** True once an I/O error stopped preparing for good (tests). */
    boolean stopped() {
        return stopped;
    }

    /**
     * The writer is about to write {@code run} (its remaining bytes) at {@code at} in {@code s}. When the run
     * ends in a page new to the writer, it is extended with zeros to that page's end ({@code run} needs the
     * room: up to {@link #PAGE} bytes past its limit), so that the pwrite covers the whole page. Then, beyond
     * the prepared range, the writer's reach is raised to the run's end and the writer waits for a chunk in
     * progress that overlaps it; below the prepared range this returns at once.
     *
     * <p>The O_DIRECT zeros leave the pages beyond the writer uncached, and the blocks under them allocated. A
     * pwrite covering only part of such a page makes the kernel read the page from disk first (13 µs per 1 KiB
     * append on this machine); a pwrite of the whole page needs no read. The zeros go beyond everything
     * published (where the file holds zeros, or a run that was never published), and the writer's later runs
     * overwrite them. A run that ends in the page the last run ended in is left as it is: the last run cached
     * that page.
     */
    void beforeWrite(Segment s, int at, ByteBuffer run) {
        int end = at + run.remaining();
        if (at % PAGE == 0 || (end - 1) / PAGE != at / PAGE) {
            int pad = (int) (Math.min(s.size(), alignUp(end)) - end);
            if (pad > 0) {
                int limit = run.limit();
                run.limit(limit + pad);
                run.put(limit, PAGE_OF_ZEROS, 0, pad);
            }
        }
        reserve(s.base() + at + run.remaining());
    }

    /** Raises the writer's reach to {@code end} and waits for a chunk in progress below it (see beforeWrite). */
    private void reserve(long end) {
        if (end <= preparedEnd) {
            return;
        }
        synchronized (lock) {
            reserved = Math.max(reserved, end);
            boolean interrupted = false;
            while (zeroingFrom >= 0 && zeroingFrom < end) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the chunk in flight must finish before these bytes may be written
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The writer published up to {@code position}: wakes the preparer once it has fallen far enough behind. */
    void afterWrite(long position) {
        if (position >= wakeAt) {
            wakeAt = Long.MAX_VALUE;
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        try {
            while (running && !stopped) {
                if (!prepareNext()) {
                    LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
                }
            }
        } finally {
            closeDirect();
        }
    }

    /** Prepares one chunk if one is due; false when there is nothing to do until the writer moves on. */
    private boolean prepareNext() {
        long from;
        synchronized (lock) {
            from = Math.max(preparedEnd, reserved);
        }
        long wp = writePosition.getAsLong();
        if (from >= wp + ahead) {
            return idleUntil(from - ahead / 2);
        }
        Segment s = segmentAt.apply(from);
        if (s == null) {
            return idleUntil(from + 1); // no segment there until the writer rolls (or first appends) into it
        }
        long start = alignUp(from - s.base());
        long end = Math.min(s.size() / PAGE * (long) PAGE, start + chunk);
        if (end <= start) {
            // the segment's last partial page: never zeroed, so it counts as prepared, and the next look is at the
            // next segment (waiting for the writer to reach this one's end would spin once the roll published it)
            preparedEnd = s.end();
            return true;
        }
        long chunkFrom = s.base() + start;
        long chunkTo = s.base() + end;
        synchronized (lock) {
            if (!running) {
                return false; // closing: nothing more is zeroed (a reopened log may write here next)
            }
            if (reserved > chunkFrom) {
                return true; // the writer moved into it meanwhile: look again from its reach
            }
            zeroingFrom = chunkFrom;
        }
        try {
            FileChannel ch = direct(s);
            zeros.clear().limit((int) (end - start));
            try {
                while (zeros.hasRemaining()) {
                    ch.write(zeros, start + zeros.position());
                }
            } finally {
                // the zeros are on the device once the O_DIRECT write returns: a writer waiting for this chunk
                // may go on, and need not also wait for the fdatasync below (which only records the allocation)
                synchronized (lock) {
                    zeroingFrom = -1;
                    lock.notifyAll();
                }
            }
            ch.force(false);
        } catch (IOException | RuntimeException e) {
            stopped = true;
            log.warn(
                    "CommitLog segment preparing stopped ({}): SYNC appends go to the sparse segment as they are",
                    e.toString());
            return true;
        }
        preparedEnd = chunkTo;
        chunksPrepared++;
        return true;
    }

    /** Parks until the writer reaches {@code position} (or a second passes); false, so the caller parks. */
    private boolean idleUntil(long position) {
        wakeAt = position;
        if (writePosition.getAsLong() >= position) {
            wakeAt = Long.MAX_VALUE;
            return true; // it already has: no parking
        }
        return false;
    }

    private static long alignUp(long offset) {
        return (offset + PAGE - 1) / PAGE * PAGE;
    }

    private FileChannel direct(Segment s) throws IOException {
        if (directSegment != s) {
            closeDirect();
            direct = FileChannel.open(s.file().path(), StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
            directSegment = s;
        }
        return direct;
    }

    private void closeDirect() {
        if (direct != null) {
            try {
                direct.close();
            } catch (IOException e) {
                log.debug("closing the O_DIRECT channel of {} failed", directSegment, e);
            }
            direct = null;
            directSegment = null;
        }
    }

    /** Stops the preparing thread (a chunk in progress completes first). */
    @Override
    public void close() {
        synchronized (lock) {
            running = false; // under the lock: no chunk starts after this
        }
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.error("CommitLog segment preparer still inside an O_DIRECT write after 10 s; the disk may be hung");
        }
    }
}
