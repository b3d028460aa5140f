package io.kitemq.bench;

import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.store.AppendResult;
import io.kitemq.store.AppendStatus;
import io.kitemq.store.MessageStore;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writers appending to a {@link MessageStore}: each writer owns one queue of the topic and appends in a
 * loop, one append at a time, either a fixed number of times or until a deadline. Writers are
 * <ul>
 *   <li>platform threads calling {@code store.append(msg).join()};
 *   <li>virtual threads doing the same ({@link Threads#VIRTUAL}, Java 21+): a blocked virtual writer costs no
 *       kernel context switch to park and wake, so on two cores 64 of them show what group commit does when
 *       the writers' own scheduling is not what limits it;
 *   <li>callback chains ({@link Threads#CALLBACK}): nothing blocks. A writer is one append in flight; when it
 *       completes, its callback hands the writer's next append to a pool of request threads, one per core.
 *       This is how the broker drives the store: a send's completion writes the response, the producer's next
 *       request arrives, and a request thread appends it.
 * </ul>
 *
 * <p>Each writer builds its message once and appends it again and again: the store writes only what the
 * caller fills (topic, queue, body, hosts, born time, properties) into the record and overwrites the
 * fields it owns (body CRC, store size, store time, queue and CommitLog offsets) on every append, so
 * reuse stores the same bytes a fresh message would. With {@code uniqKey} every append carries a new
 * UNIQ_KEY property (as a RocketMQ producer sets it), which also makes the store index every message.
 *
 * <p>Not thread-safe: one run at a time, started from one thread. Within a run each writer's state is touched
 * by one thread at a time (its own, or one callback step after another).
 */
final class AppendLoad {

    /** What the writers did together. {@code failed} counts appends not acknowledged PUT_OK. */
    record Result(long messages, long bodyBytes, long nanos, long failed, String firstFailure) {

        double messagesPerSecond() {
            return Units.perSecond(messages, nanos);
        }

        double bodyMbPerSecond() {
            return Units.mbPerSecond(bodyBytes, nanos);
        }
    }

    static final InetSocketAddress BORN_HOST = new InetSocketAddress("10.0.0.1", 52000);
    static final InetSocketAddress STORE_HOST = new InetSocketAddress("10.0.0.2", 10911);

    private final MessageStore store;
    private final String topic;
    private final int bodyBytes;
    private final boolean uniqKey;
    private final Threads threads;
    private volatile boolean stop;

    AppendLoad(MessageStore store, String topic, int bodyBytes, boolean uniqKey) {
        this(store, topic, bodyBytes, uniqKey, Threads.PLATFORM);
    }

    AppendLoad(MessageStore store, String topic, int bodyBytes, boolean uniqKey, Threads threads) {
        this.store = store;
        this.topic = topic;
        this.bodyBytes = bodyBytes;
        this.uniqKey = uniqKey;
        this.threads = threads;
    }

    /** What the writers run on. Virtual threads are created by reflection: the benchmarks compile for Java 17. */
    enum Threads {
        PLATFORM,
        VIRTUAL,
        CALLBACK;

        static Threads parse(String s) {
            return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "platform" -> PLATFORM;
                case "callback" -> CALLBACK;
                case "virtual" -> {
                    if (!VIRTUAL.available()) {
                        throw new IllegalArgumentException("virtual writer threads need Java 21+; this is "
                                + Runtime.version().feature());
                    }
                    yield VIRTUAL;
                }
                default ->
                    throw new IllegalArgumentException(
                            "unknown writer thread kind '" + s + "'; kinds are platform, virtual, callback");
            };
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        boolean available() {
            return this != VIRTUAL || Runtime.version().feature() >= 21;
        }

        Thread create(Runnable r, String name) {
            if (this != VIRTUAL) {
                return new Thread(r, name);
            }
            try {
                Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
                Class<?> type = Class.forName("java.lang.Thread$Builder");
                builder = type.getMethod("name", String.class).invoke(builder, name);
                return (Thread) type.getMethod("unstarted", Runnable.class).invoke(builder, r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create a virtual thread", e);
            }
        }
    }

    /** {@code writers} threads each append {@code messagesPerWriter} messages to queue = thread index. */
    Result runCount(int writers, long messagesPerWriter) throws InterruptedException {
        return run(writers, messagesPerWriter, 0);
    }

    /** {@code writers} threads append until {@code durationNanos} have passed. */
    Result runFor(int writers, long durationNanos) throws InterruptedException {
        return run(writers, Long.MAX_VALUE, durationNanos);
    }

    private Result run(int writers, long messagesPerWriter, long durationNanos) throws InterruptedException {
        if (threads == Threads.CALLBACK) {
            return runChained(writers, messagesPerWriter, durationNanos);
        }
        stop = false;
        CountDownLatch ready = new CountDownLatch(writers);
        CountDownLatch go = new CountDownLatch(1);
        Writer[] ws = new Writer[writers];
        Thread[] started = new Thread[writers];
        for (int i = 0; i < writers; i++) {
            ws[i] = new Writer(i, message(i), messagesPerWriter, ready, go);
            started[i] = threads.create(ws[i], "bench-writer-" + i);
            started[i].start();
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        stopAfter(start, durationNanos);
        for (Thread t : started) {
            t.join();
        }
        return total(ws, System.nanoTime() - start);
    }

    /** With a duration, sleeps until {@code durationNanos} after {@code start}, then tells the writers to stop. */
    private void stopAfter(long start, long durationNanos) throws InterruptedException {
        if (durationNanos > 0) {
            long deadline = start + durationNanos;
            for (long left = durationNanos; left > 0; left = deadline - System.nanoTime()) {
                Thread.sleep(Math.max(1, left / 1_000_000));
            }
            stop = true;
        }
    }

    /** What the writers did together over {@code nanos}. */
    private Result total(Writer[] ws, long nanos) {
        long ok = 0;
        long failed = 0;
        String firstFailure = null;
        for (Writer w : ws) {
            ok += w.ok;
            failed += w.failed;
            if (firstFailure == null) {
                firstFailure = w.firstFailure;
            }
        }
        return new Result(ok, ok * bodyBytes, nanos, failed, firstFailure);
    }

    /**
     * Callback writers: {@code writers} appends in flight, each one's completion submitting that writer's next
     * append to a pool of request threads (one per core). No thread waits for a flush.
     */
    private Result runChained(int writers, long messagesPerWriter, long durationNanos) throws InterruptedException {
        stop = false;
        int poolSize = Runtime.getRuntime().availableProcessors();
        AtomicInteger named = new AtomicInteger();
        ExecutorService requests = Executors.newFixedThreadPool(poolSize, r -> {
            Thread t = new Thread(r, "bench-request-" + named.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        CountDownLatch finished = new CountDownLatch(writers);
        Writer[] ws = new Writer[writers];
        Chain[] chains = new Chain[writers];
        for (int i = 0; i < writers; i++) {
            ws[i] = new Writer(i, message(i), messagesPerWriter, null, null);
            chains[i] = new Chain(ws[i], requests, finished);
        }
        long start = System.nanoTime();
        try {
            for (Chain c : chains) {
                requests.execute(c);
            }
            stopAfter(start, durationNanos);
            finished.await();
        } finally {
            stop = true;
            requests.shutdown();
        }
        long nanos = System.nanoTime() - start;
        if (!requests.awaitTermination(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("request threads still busy a minute after the last append");
        }
        return total(ws, nanos);
    }

    /**
     * One callback writer: {@link #run()} (on a request thread) issues the next append; its completion records
     * the outcome and resubmits. The writer's fields are touched by one step at a time, each step ordered
     * after the last by the future's completion and the executor's hand-off.
     */
    private final class Chain implements Runnable {

        private final Writer writer;
        private final ExecutorService requests;
        private final CountDownLatch finished;
        private long sent;

        Chain(Writer writer, ExecutorService requests, CountDownLatch finished) {
            this.writer = writer;
            this.requests = requests;
            this.finished = finished;
        }

        @Override
        public void run() {
            if (stop || sent >= writer.count) {
                finished.countDown();
                return;
            }
            CompletableFuture<AppendResult> appended;
            try {
                appended = store.append(writer.next(sent++));
            } catch (RuntimeException e) {
                appended = CompletableFuture.failedFuture(e);
            }
            appended.whenComplete((r, error) -> {
                boolean goOn = writer.record(r, error);
                if (goOn) {
                    requests.execute(this);
                } else {
                    finished.countDown();
                }
            });
        }
    }

    /** The size of the stored record one append of this load writes to the CommitLog. */
    int recordBytes() {
        return StoredMessageCodec.toBytes(new Writer(0, message(0), 1, null, null).next(0)).length;
    }

    private MessageExt message(int queueId) {
        byte[] body = new byte[bodyBytes];
        new SplittableRandom(queueId).nextBytes(body);
        MessageExt m = new MessageExt();
        m.setTopic(topic);
        m.setQueueId(queueId);
        m.setBody(body);
        m.setBornHost(BORN_HOST);
        m.setStoreHost(STORE_HOST);
        m.setBornTimestamp(System.currentTimeMillis());
        return m;
    }

    private final class Writer implements Runnable {

        private final int id;
        private final MessageExt msg;
        private final long count;
        private final CountDownLatch ready;
        private final CountDownLatch go;
        private final char[] key = new char[32];
        long ok;
        long failed;
        String firstFailure;

        Writer(int id, MessageExt msg, long count, CountDownLatch ready, CountDownLatch go) {
            this.id = id;
            this.msg = msg;
            this.count = count;
            this.ready = ready;
            this.go = go;
        }

        @Override
        public void run() {
            ready.countDown();
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (long i = 0; i < count && !stop; i++) {
                if (!record(store.append(next(i)).join(), null)) {
                    return;
                }
            }
        }

        /** The message to append as this writer's {@code seq}-th. */
        MessageExt next(long seq) {
            if (uniqKey) {
                msg.putProperty(PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniqKey(seq));
            }
            return msg;
        }

        /** Counts one append's outcome; false when the store refused it and retrying would only spin. */
        boolean record(AppendResult r, Throwable error) {
            if (error == null && r.status() == AppendStatus.PUT_OK) {
                ok++;
                return true;
            }
            failed++;
            if (firstFailure == null) {
                firstFailure =
                        error != null ? error.toString() : r.status() + (r.remark() == null ? "" : ": " + r.remark());
            }
            return error == null && r.isStored(); // refused (read-only, closed): stop
        }

        /** 32 hex digits: the writer id and the sequence number, like a client's message id. */
        private String uniqKey(long seq) {
            hex(0, ((long) id << 32) | 0x7F000001L);
            hex(16, seq);
            return new String(key);
        }

        private void hex(int at, long v) {
            for (int i = 15; i >= 0; i--) {
                key[at + i] = Character.forDigit((int) (v & 0xF), 16);
                v >>>= 4;
            }
        }
    }
}
