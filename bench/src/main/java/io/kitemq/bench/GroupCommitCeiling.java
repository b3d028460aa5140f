package io.kitemq.bench;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The group-commit ceiling of this machine, with no store in the way. Callback writers, shaped as the store
 * benchmark's ({@link AppendLoad}: each writer has one append in flight, and its acknowledgement hands its next
 * append to a pool of request threads, one per core), write records of a fixed size to one file with
 * {@code pwrite} under a lock; one flusher thread forces ({@code fdatasync}) whatever has been written and
 * acknowledges it. There is no record encoding, no futures, no dispatch and no timeout bookkeeping: this is
 * about the cheapest {@code pwrite} + {@code fdatasync} group commit a JVM can run, and its rates bound what a
 * store on this machine can reach with the same writers. Two shapes of file ({@link Region}):
 *
 * <ul>
 *   <li>{@link Region#CACHED}: a 64 MiB region written over and over, allocated and in the page cache after its
 *       first lap, so no write allocates anything: the loosest bound;</li>
 *   <li>{@link Region#LOG}: as the CommitLog writes in SYNC mode: into blocks allocated ahead with
 *       {@code O_DIRECT} zeros (so an fsync allocates nothing) whose pages are not cached, the first write into
 *       each page carrying zeros to the page's end (so it needs no read). Every page is new to the page cache.</li>
 * </ul>
 *
 * <p>Not thread-safe: one run at a time; {@link #run} starts and stops its own threads.
 */
final class GroupCommitCeiling {

    /** One run: acknowledgements and fsyncs counted over {@code nanos} of measurement. */
    record Result(int writers, long acks, long fsyncs, long nanos) {

        double perSecond() {
            return Units.perSecond(acks, nanos);
        }

        double perFsync() {
            return fsyncs == 0 ? 0 : acks / (double) fsyncs;
        }
    }

    /** How the file under the writers is laid out; see the class comment. */
    enum Region {
        CACHED("cached region"),
        LOG("new pages, as a log");

        final String label;

        Region(String label) {
            this.label = label;
        }
    }

    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int PAGE = 4096;
    private static final long CACHED_REGION_BYTES = 64L << 20;

    private final FileChannel channel;
    private final ByteBuffer record;
    private final long region;
    private final boolean padPages;
    /** The record followed by zeros, for a write that is the first into a page (LOG); under writeLock. */
    private final ByteBuffer padded;

    private final ReentrantLock writeLock = new ReentrantLock();
    private long appended; // bytes ever written; under writeLock

    private final ConcurrentLinkedQueue<Chain> waiting = new ConcurrentLinkedQueue<>();
    private final Thread flusher = new Thread(this::flushLoop, "bench-ceiling-flusher");
    private volatile boolean idle;
    private volatile boolean running = true;
    private volatile boolean stop;
    // written by the flusher only, read by the measuring thread
    private volatile long acks;
    private volatile long fsyncs;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private GroupCommitCeiling(FileChannel channel, int recordBytes, long region, boolean padPages) {
        this.channel = channel;
        this.region = region;
        this.padPages = padPages;
        ByteBuffer r = ByteBuffer.allocateDirect(recordBytes);
        for (int i = 0; i < recordBytes; i++) {
            r.put(i, (byte) (i * 31 + 7));
        }
        this.record = r.asReadOnlyBuffer();
        this.padded = ByteBuffer.allocateDirect(recordBytes + PAGE);
        padded.put(record.duplicate());
    }

    /**
     * Runs {@code writers} callback writers for {@code warmupNanos} unmeasured, then {@code measureNanos}
     * measured, on a file at {@code file} laid out as {@code shape} (created, prepared, and deleted at the end).
     * A {@link Region#LOG} file is prepared for {@code logBytes}; should the writers reach its end they go on
     * from its start, over pages then cached, which can only make the bound looser.
     */
    static Result run(
            Path file, Region shape, int writers, int recordBytes, long logBytes, long warmupNanos, long measureNanos)
            throws IOException, InterruptedException {
        boolean log = shape == Region.LOG;
        long size = log ? Math.max(PAGE, logBytes / PAGE * PAGE) : CACHED_REGION_BYTES;
        long region = size / recordBytes * recordBytes;
        try (FileChannel ch =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (log) {
                allocateUncached(file, size);
            } else {
                ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
                for (long at = 0; at < size; at += zeros.capacity()) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
                    while (zeros.hasRemaining()) {
                        ch.write(zeros, at + zeros.position());
                    }
                }
                ch.force(false);
            }
            return new GroupCommitCeiling(ch, recordBytes, region, log).measure(writers, warmupNanos, measureNanos);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Writes {@code size} bytes of zeros with {@code O_DIRECT} (blocks allocated, nothing cached), then forces. */
    private static void allocateUncached(Path file, long size) throws IOException {
        int align = (int)
                Math.max(512, Math.min(Files.getFileStore(file.getParent()).getBlockSize(), 64 * 1024));
        ByteBuffer zeros = ByteBuffer.allocateDirect((1 << 20) + align).alignedSlice(align);
        int chunk = (1 << 20) / align * align;
        try (FileChannel direct = FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT)) {
            for (long at = 0; at < size; at += chunk) {
                zeros.clear().limit((int) Math.min(chunk, size - at));
                while (zeros.hasRemaining()) {
                    direct.write(zeros, at + zeros.position());
                }
            }
            direct.force(false);
        }
    }

    private Result measure(int writers, long warmupNanos, long measureNanos) throws InterruptedException {
        flusher.setDaemon(true);
        flusher.start();
        AtomicInteger named = new AtomicInteger();
        ExecutorService requests =
                Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
                    Thread t = new Thread(r, "bench-ceiling-request-" + named.getAndIncrement());
                    t.setDaemon(true);
                    return t;
                });
        CountDownLatch finished = new CountDownLatch(writers);
        List<Chain> chains = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            chains.add(new Chain(requests, finished));
        }
        try {
            chains.forEach(requests::execute);
            TimeUnit.NANOSECONDS.sleep(warmupNanos); // a benchmark's timed load, not a synchronisation
            long acks0 = acks;
            long fsyncs0 = fsyncs;
            long start = System.nanoTime();
            TimeUnit.NANOSECONDS.sleep(measureNanos);
            long acks1 = acks;
            long fsyncs1 = fsyncs;
            long nanos = System.nanoTime() - start;
            stop = true;
            if (!finished.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("ceiling writers still busy a minute after the run");
            }
            if (failure.get() != null) {
                throw new IllegalStateException("ceiling run failed", failure.get());
            }
            return new Result(writers, acks1 - acks0, fsyncs1 - fsyncs0, nanos);
        } finally {
            stop = true;
            requests.shutdown();
            running = false;
            LockSupport.unpark(flusher);
            flusher.join(TimeUnit.SECONDS.toMillis(10));
            requests.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    /** One append: the record written at the next position of the region, then a request for its fsync. */
    private void append(Chain chain) {
        writeLock.lock();
        try {
            ByteBuffer src = record.duplicate();
            long at = appended % region;
            long end = at + record.capacity();
            if (padPages && (at % PAGE == 0 || (end - 1) / PAGE != at / PAGE)) {
                // the first write into the page holding its end: zeros to that page's end, so nothing is read
                src = padded.clear().limit((int) (((end - 1) / PAGE + 1) * PAGE - at));
            }
            while (src.hasRemaining()) {
                channel.write(src, at + src.position());
            }
            appended += record.capacity();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writeLock.unlock();
        }
        waiting.add(chain);
        if (idle) {
            LockSupport.unpark(flusher);
        }
    }

    /**
     * Forces what has been written and acknowledges every append that asked before the force began. After a
     * failed force it only hands the waiting appends back (the run has stopped, so their writers finish).
     */
    private void flushLoop() {
        List<Chain> batch = new ArrayList<>();
        boolean failed = false;
        while (running) {
            Chain c;
            while ((c = waiting.poll()) != null) {
                batch.add(c);
            }
            if (batch.isEmpty()) {
                idle = true;
                if (waiting.isEmpty()) {
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
                idle = false;
                continue;
            }
            if (!failed) {
                try {
                    // every drained append wrote before it asked, so this force covers it
                    channel.force(false);
                    fsyncs++;
                    acks += batch.size();
                } catch (IOException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                    stop = true;
                    failed = true;
                }
            }
            for (Chain done : batch) {
                done.acknowledged();
            }
            batch.clear();
        }
    }

    /** One callback writer: appends on a request thread; its acknowledgement hands the next append back. */
    private final class Chain implements Runnable {

        private final ExecutorService requests;
        private final CountDownLatch finished;

        Chain(ExecutorService requests, CountDownLatch finished) {
            this.requests = requests;
            this.finished = finished;
        }

        @Override
        public void run() {
            if (stop) {
                finished.countDown();
                return;
            }
            try {
                append(this);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                stop = true;
                finished.countDown();
            }
        }

        void acknowledged() {
            if (stop) {
                finished.countDown();
            } else {
                requests.execute(this);
            }
        }
    }
}
