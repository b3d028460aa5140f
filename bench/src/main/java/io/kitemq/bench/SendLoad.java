package io.kitemq.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * Synchronous sends through the official client's {@link DefaultMQProducer}: threads calling
 * {@code send(Message)} back to back, each with a new {@link Message} of the same body (the client stamps every
 * message with its own id). Either for a fixed time ({@link #run}), timing every call, or until a number of
 * messages is stored ({@link #fill}), retrying failed sends. A send counts when the broker answered
 * {@code SEND_OK}; any other status or an exception is a failure (the client has already retried it as it
 * does by default). The producer is shared by all threads, as applications share one.
 */
final class SendLoad {

    /** Sends of one case: counts, call latencies (successful calls), CPU of broker and driver. */
    record Result(long ok, long failed, String firstFailure, LatencyHistogram latency, CpuSample cpu) {

        double perSecond() {
            return Units.perSecond(ok, cpu.wallNanos());
        }
    }

    private static final int FILL_ATTEMPTS = 5;

    private final DefaultMQProducer producer;
    private final String topic;
    private final byte[] body;
    private final long brokerPid;

    SendLoad(DefaultMQProducer producer, String topic, byte[] body, long brokerPid) {
        this.producer = producer;
        this.topic = topic;
        this.body = body;
        this.brokerPid = brokerPid;
    }

    /** {@code threads} threads send for {@code time}; the result's wall time ends when the last call returned. */
    Result run(int threads, Duration time) throws InterruptedException {
        return drive(threads, time, 0);
    }

    /**
     * Stores {@code count} messages with {@code threads} threads, each message tried up to 5 times; messages
     * that never succeeded are counted as failures (and are missing from the topic).
     */
    Result fill(int threads, long count) throws InterruptedException {
        return drive(threads, null, count);
    }

    /** For {@code time}, or (time null) until {@code count} messages were tried. */
    private Result drive(int threads, Duration time, long count) throws InterruptedException {
        int attempts = time == null ? FILL_ATTEMPTS : 1;
        AtomicLong remaining = new AtomicLong(count);
        AtomicLong deadline = new AtomicLong(Long.MAX_VALUE);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<LatencyHistogram> histograms = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < threads; i++) {
            LatencyHistogram h = new LatencyHistogram();
            histograms.add(h);
            Thread t = new Thread(
                    () -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        while (time != null ? System.nanoTime() < deadline.get() : remaining.getAndDecrement() > 0) {
                            if (sendOne(h, attempts, firstFailure)) {
                                ok.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                        }
                    },
                    "send-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        CpuSample start = CpuSample.now(brokerPid);
        if (time != null) {
            deadline.set(start.wallNanos() + time.toNanos());
        }
        go.countDown();
        for (Thread t : workers) {
            t.join();
        }
        CpuSample used = CpuSample.now(brokerPid).since(start);
        LatencyHistogram all = new LatencyHistogram();
        histograms.forEach(all::add);
        return new Result(ok.get(), failed.get(), firstFailure.get(), all, used);
    }

    /** One message, up to {@code attempts} times; true once it was stored. */
    private boolean sendOne(LatencyHistogram latency, int attempts, AtomicReference<String> firstFailure) {
        for (int attempt = 0; attempt < attempts; attempt++) {
            long began = System.nanoTime();
            try {
                SendResult r = producer.send(new Message(topic, body));
                if (r.getSendStatus() == SendStatus.SEND_OK) {
                    latency.record(System.nanoTime() - began);
                    return true;
                }
                firstFailure.compareAndSet(null, "status " + r.getSendStatus() + " (" + r + ")");
            } catch (Exception e) {
                firstFailure.compareAndSet(null, e.toString());
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }
}
