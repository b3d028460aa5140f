package io.kitemq.broker.interop;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * What a consumer was handed: how many times each message body arrived, so a test can tell loss (a body
 * missing), unexpected messages (a body never sent) and duplicates (a count above one) apart.
 *
 * <p>Thread-safe: consumer threads record concurrently while the test thread reads.
 */
final class Deliveries {

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    static String body(MessageExt m) {
        return new String(m.getBody(), StandardCharsets.UTF_8);
    }

    void record(MessageExt m) {
        counts.computeIfAbsent(body(m), b -> new AtomicInteger()).incrementAndGet();
        total.incrementAndGet();
    }

    /** A concurrent listener that records every message and acknowledges it. */
    MessageListenerConcurrently acknowledgingListener() {
        return (msgs, ctx) -> {
            msgs.forEach(this::record);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        };
    }

    /** The distinct bodies received, sorted. */
    Set<String> distinct() {
        return new TreeSet<>(counts.keySet());
    }

    int distinctCount() {
        return counts.size();
    }

    /** Deliveries beyond the first of each body. */
    int duplicates() {
        return total.get() - counts.size();
    }

    int total() {
        return total.get();
    }

    boolean containsAll(Set<String> bodies) {
        return counts.keySet().containsAll(bodies);
    }
}
