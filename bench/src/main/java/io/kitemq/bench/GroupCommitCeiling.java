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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * A bare group commit with no store in the way, as a reference for the store's SYNC rates. Callback writers,
 * shaped as the store benchmark's ({@link AppendLoad}: each writer has one append in flight, and its
 * acknowledgement hands its next append to a pool of request threads, one per core), write records of the
 * store's size to one file with one {@code pwrite} each under a lock; one flusher thread forces ({@code
 * fdatasync}) whatever has been written and acknowledges every append below the forced position. There is no
 * record encoding, no futures, no dispatch, no metrics and no timeout bookkeeping. It is not a strict upper bound:
 * unlike the store it never combines queued appends into one {@code pwrite} (with one request thread per core
 * the store's runs hold 1.1–1.2 appends) and never waits for its group. Two shapes of file ({@link Region}):
 *
 * <ul>
 *   <li>{@link Region#CACHED}: a 64 MiB region, zero-filled through the page cache and forced before the run,
 *       then written over and over, so no write allocates anything (no log can do that);</li>
 *   <li>{@link Region#LOG}: as the CommitLog writes in SYNC mode: into blocks allocated ahead with
 *       {@code O_DIRECT} zeros (so an fsync allocates nothing) whose pages are not cached, the first write into
 *       each page carrying zeros to the page's end (so it needs no read). Every page is new to the page cache.</li>
 * </ul>
 *
 * <p>Not thread-safe: one run at a time; {@link #run} starts and stops its own threads.
 */
final class GroupCommitCeiling {

    /**
     * One run: acknowledgements and fsyncs counted over {@code nanos} of measurement; {@code wrapped} if the
     * writers reached the end of a {@link Region#LOG} file before the measurement ended and went on over pages
     * then cached (the rate is then too high).
     */
    record Result(int writers, long acks, long fsyncs, long nanos, boolean wrapped) {

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
    /** Bytes ever written, published after each write: what the next force covers. */
    private volatile long written;

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
     * from its start, over pages then cached (faster than a log), and the result says so ({@link Result#wrapped}).
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

    /**
     * Writes {@code size} bytes (a multiple of 4 KiB) of zeros with {@code O_DIRECT} (blocks allocated, nothing
     * cached), then forces; {@link UnsupportedOperationException} if the file system refuses {@code O_DIRECT}.
     */
    private static void allocateUncached(Path file, long size) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect((1 << 20) + PAGE).alignedSlice(PAGE);
        int chunk = 1 << 20;
        FileChannel direct;
        try {
            direct = FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException e) {
            throw new UnsupportedOperationException("O_DIRECT refused: " + e, e);
        }
        try (direct) {
            for (long at = 0; at < size; at += chunk) {
                zeros.clear().limit((int) Math.min(chunk, size - at));
                while (zeros.hasRemaining()) {
                    direct.write(zeros, at + zeros.position());
                }
            }
            direct.force(false);
        } catch (IOException e) {
            throw new UnsupportedOperationException("O_DIRECT write refused: " + e, e);
        }
    }

    /**
     * The store benchmark's table of this reference, for its disk phase: the SYNC phase's fewest and most callback
     * writers into new pages as a log, and the most into a cached region, taking turns within each repeat so that
     * the ratio compares runs made side by side. Adds its figures to {@code summary}; files go under {@code runDir}.
     */
    static ResultTable table(Path runDir, StoreBenchOptions options, String topic, Map<String, String> summary)
            throws IOException {
        int fewest = Arrays.stream(options.syncWriters).min().orElse(1);
        int most = Arrays.stream(options.syncWriters).max().orElse(1);
        int recordBytes = new AppendLoad(null, topic, options.syncBody, options.uniqKey).recordBytes();
        // the SYNC cases' own warm-up, so that both are measured at the same point of their log's life: on this VM
        // a run that has written a few GB of new pages goes a fifth to a third slower, the store and this loop alike
        long warmup = options.syncWarmup.toNanos();
        long measure = options.syncDuration.toNanos();
        ResultTable t = new ResultTable(
                "Group-commit reference (no store): callback writers, " + recordBytes
                        + "-byte records (the store's for these messages), one pwrite each under a lock, one"
                        + " fdatasync per group, " + Units.fixed(options.syncDuration.toMillis() / 1000.0, 1)
                        + " s each after " + Units.fixed(options.syncWarmup.toMillis() / 1000.0, 1)
                        + " s of warm-up (as the SYNC cases)",
                "writers",
                "file",
                "acks/s",
                "acks/fsync",
                "spread");
        record Case(int writers, Region region) {}
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(fewest, Region.LOG));
        if (most > fewest) {
            cases.add(new Case(most, Region.LOG));
            cases.add(new Case(most, Region.CACHED));
        }
        Map<Case, List<Result>> byCase = new LinkedHashMap<>();
        cases.forEach(c -> byCase.put(c, new ArrayList<>()));
        // room for 12k appends/s per writer (at most 400k/s) over the whole run and 2 s more, within 8 GiB and a
        // quarter of the free space; a run that still reaches the end goes on over cached pages (flagged below)
        long seconds = TimeUnit.NANOSECONDS.toSeconds(warmup + measure) + 2;
        long room = Math.min(8L << 30, Files.getFileStore(runDir).getUsableSpace() / 4);
        try {
            for (int r = 0; r < options.repeat; r++) {
                for (Case c : cases) {
                    long logBytes = Math.min(room, Math.min(400_000L, c.writers() * 12_000L) * recordBytes * seconds);
                    byCase.get(c)
                            .add(run(
                                    runDir.resolve("ceiling.dat"),
                                    c.region(),
                                    c.writers(),
                                    recordBytes,
                                    logBytes,
                                    warmup,
                                    measure));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (UnsupportedOperationException e) {
            t.note("not measured: a file written as a log needs O_DIRECT here, and " + e.getMessage());
            return t;
        }
        for (Case c : cases) {
            List<Result> runs = byCase.get(c);
            double rate = Units.median(runs, Result::perSecond);
            t.add(
                    c.writers(),
                    c.region().label,
                    Units.count(rate),
                    Units.fixed(Units.median(runs, Result::perFsync), 1),
                    Units.spread(runs, Result::perSecond));
            summary.put(
                    "group-commit reference, " + c.writers() + " callback writer" + (c.writers() > 1 ? "s" : "") + ", "
                            + c.region().label,
                    Units.count(rate) + " acks/s");
        }
        if (most > fewest) {
            Units.SideBySide paired =
                    Units.sideBySide(byCase.get(cases.get(1)), byCase.get(cases.get(0)), Result::perSecond);
            t.note(most + "-writer rate / " + fewest + "-writer rate (new pages, as a log) per repeat, side by side: "
                    + paired.joined() + " (median " + paired.median() + ")");
            summary.put("group-commit reference, " + most + "/" + fewest + " per repeat (median)", paired.median());
        }
        long wrapped = byCase.values().stream()
                .flatMap(List::stream)
                .filter(Result::wrapped)
                .count();
        if (wrapped > 0) {
            t.note(wrapped + " run(s) reached the end of their log file and went on over cached pages: too fast.");
        }
        t.note("No encoding, no futures, no dispatch, no metrics: a bare pwrite + fdatasync group commit beside the"
                + " SYNC phase's callback writers (not a strict bound: it never combines appends into one pwrite nor"
                + " waits for its group). New pages, as a log: blocks allocated ahead with O_DIRECT zeros, pages"
                + " not cached, the first write into a page padded to its end (as the CommitLog writes); cached"
                + " region: 64 MiB zero-filled and forced first, then written over and over (nothing allocated).");
        return t;
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
            boolean wrapped = padPages && written > region;
            stop = true;
            if (!finished.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("ceiling writers still busy a minute after the run");
            }
            if (failure.get() != null) {
                throw new IllegalStateException("ceiling run failed", failure.get());
            }
            return new Result(writers, acks1 - acks0, fsyncs1 - fsyncs0, nanos, wrapped);
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
            chain.end = appended;
            written = appended;
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
     * Forces what has been written and acknowledges every waiting append below the forced position, including
     * those that asked while the force ran. After a failed force it only hands the waiting appends back (the run
     * has stopped, so their writers finish).
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
            if (failed) {
                batch.forEach(Chain::acknowledged);
                batch.clear();
                continue;
            }
            long forced = written; // covers every drained append: each wrote before it asked
            try {
                channel.force(false);
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, e);
                stop = true;
                failed = true;
                continue; // hands the batch back above
            }
            fsyncs++;
            while ((c = waiting.poll()) != null) { // asked during the force; the covered ones need not wait
                batch.add(c);
            }
            int acked = 0;
            for (Chain done : batch) {
                if (done.end <= forced) {
                    acked++;
                    done.acknowledged();
                } else {
                    waiting.add(done); // written after the force began: the next force covers it
                }
            }
            acks += acked;
            batch.clear();
        }
    }

    /** One callback writer: appends on a request thread; its acknowledgement hands the next append back. */
    private final class Chain implements Runnable {

        private final ExecutorService requests;
        private final CountDownLatch finished;
        /** Where this writer's last record ends; written under the lock before the request, read by the flusher. */
        long end;

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
