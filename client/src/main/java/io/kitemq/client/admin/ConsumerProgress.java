package io.kitemq.client.admin;

import java.util.List;

/**
 * A consumer group's progress over every queue it consumes ({@code mqadmin consumerProgress}): per queue
 * offsets and lag, sorted by topic, broker and queue, plus totals. Immutable.
 *
 * <p>Immutable; thread-safe.
 */
public record ConsumerProgress(String group, List<QueueProgress> queues, double consumeTps) {

    public ConsumerProgress {
        queues = List.copyOf(queues);
    }

    public long totalLag() {
        return queues.stream().mapToLong(QueueProgress::lag).sum();
    }

    public long totalBrokerOffset() {
        return queues.stream().mapToLong(QueueProgress::brokerOffset).sum();
    }

    public long totalConsumerOffset() {
        return queues.stream().mapToLong(QueueProgress::consumerOffset).sum();
    }
}
