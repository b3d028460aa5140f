package io.kitemq.client.producer;

import io.kitemq.protocol.message.MessageQueue;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the queue of a non-ordered send: round-robin over the topic's writable queues, skipping the
 * broker that just failed (on a retry) and brokers whose circuit breaker is open. When every broker is
 * excluded it still picks one (the next queue not on the failed broker if there is one), as RocketMQ
 * does, because a send to a doubtful broker beats no send.
 *
 * <p>Thread-safe; the round-robin position is shared by all topics of the producer.
 */
final class QueueChooser {

    /** A chosen queue and whether a breaker permission was acquired for it (then it must be recorded). */
    record Choice(MessageQueue queue, boolean permitted) {}

    private final BrokerHealth health;
    private final AtomicInteger next = new AtomicInteger();

    QueueChooser(BrokerHealth health) {
        this.health = health;
    }

    /**
     * @param queues writable queues, not empty
     * @param avoidBroker broker of the failed previous attempt, or {@code null}
     */
    Choice choose(List<MessageQueue> queues, String avoidBroker) {
        int n = queues.size();
        int start = next.getAndIncrement() & Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            MessageQueue q = queues.get((start + i) % n);
            if (!q.brokerName().equals(avoidBroker) && health.tryAcquire(q.brokerName())) {
                return new Choice(q, true);
            }
        }
        for (int i = 0; i < n; i++) {
            MessageQueue q = queues.get((start + i) % n);
            if (!q.brokerName().equals(avoidBroker)) {
                return new Choice(q, false);
            }
        }
        MessageQueue q = queues.get(start % n);
        return new Choice(q, health.tryAcquire(q.brokerName()));
    }
}
