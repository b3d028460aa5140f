package io.kitemq.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Batch sends over our broker's REST API: {@code POST /api/topics/{topic}/messages/batch} with a JSON array of
 * {@code {"body": "..."}} entries (text bodies of the given size, stored as UTF-8), from several
 * {@link HttpClient}s (HTTP/1.1, one per thread, each calling synchronously) for a fixed time. A request
 * counts when it answered 200 with {@code "count":N} for all N messages; its messages count then.
 */
final class RestBatchLoad {

    /** Requests of one run: messages stored, requests failed, request latencies, CPU of broker and driver. */
    record Result(
            long messages, long requests, long failed, String firstFailure, LatencyHistogram latency, CpuSample cpu) {

        double perSecond() {
            return Units.perSecond(messages, cpu.wallNanos());
        }
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI uri;
    private final byte[] json;
    private final int batch;
    private final long brokerPid;

    RestBatchLoad(String httpBase, String topic, int batch, int bodyBytes, long brokerPid) {
        this.uri = URI.create(httpBase + "/api/topics/" + topic + "/messages/batch");
        this.json = batchJson(batch, bodyBytes);
        this.batch = batch;
        this.brokerPid = brokerPid;
    }

    /** {@code [{"body":"aaa…"}, …]}: {@code batch} entries of {@code bodyBytes} ASCII letters. */
    static byte[] batchJson(int batch, int bodyBytes) {
        StringBuilder body = new StringBuilder(bodyBytes);
        for (int i = 0; i < bodyBytes; i++) {
            body.append((char) ('a' + i % 26));
        }
        StringBuilder json = new StringBuilder(batch * (bodyBytes + 16));
        json.append('[');
        for (int i = 0; i < batch; i++) {
            json.append(i == 0 ? "" : ",").append("{\"body\":\"").append(body).append("\"}");
        }
        return json.append(']').toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code clients} threads post batches for {@code time}. */
    Result run(int clients, Duration time) throws InterruptedException {
        AtomicLong messages = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        AtomicLong deadline = new AtomicLong(Long.MAX_VALUE);
        List<LatencyHistogram> histograms = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        String expected = "\"count\":" + batch;
        for (int i = 0; i < clients; i++) {
            LatencyHistogram h = new LatencyHistogram();
            histograms.add(h);
            Thread t = new Thread(
                    () -> {
                        HttpClient client = HttpClient.newBuilder()
                                .version(HttpClient.Version.HTTP_1_1)
                                .connectTimeout(REQUEST_TIMEOUT)
                                .build();
                        try {
                            go.await();
                            while (System.nanoTime() < deadline.get()) {
                                long began = System.nanoTime();
                                String problem = post(client, expected);
                                requests.incrementAndGet();
                                if (problem == null) {
                                    h.record(System.nanoTime() - began);
                                    messages.addAndGet(batch);
                                } else {
                                    failed.incrementAndGet();
                                    firstFailure.compareAndSet(null, problem);
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "rest-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        CpuSample start = CpuSample.now(brokerPid);
        deadline.set(start.wallNanos() + time.toNanos());
        go.countDown();
        for (Thread t : workers) {
            t.join();
        }
        CpuSample used = CpuSample.now(brokerPid).since(start);
        LatencyHistogram all = new LatencyHistogram();
        histograms.forEach(all::add);
        return new Result(messages.get(), requests.get(), failed.get(), firstFailure.get(), all, used);
    }

    /** One request; null if all its messages were stored, else what went wrong. */
    private String post(HttpClient client, String expected) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && r.body().contains(expected)) {
                return null;
            }
            String body = r.body();
            return "HTTP " + r.statusCode() + ": " + body.substring(0, Math.min(300, body.length()));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
