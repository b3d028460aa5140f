package io.kitemq.client.consumer;

/**
 * When a push consumer stops pulling a queue because too much of it is waiting to be consumed:
 * more than {@code maxMessagesPerQueue} messages, more than {@code maxBytesPerQueue} body bytes, or (for
 * concurrent consumption) more than {@code maxSpan} offsets between the oldest and newest held message —
 * a stuck message would otherwise hold back the commit offset while the queue keeps growing. Pulls resume
 * by themselves once the queue drains below the limits. Defaults as RocketMQ's: 1,000 messages, 100 MiB,
 * span 2,000.
 *
 * <p>Immutable and thread-safe.
 */
public record FlowControl(int maxMessagesPerQueue, long maxBytesPerQueue, long maxSpan) {

    public static final FlowControl DEFAULTS = new FlowControl(1_000, 100L << 20, 2_000);

    public FlowControl {
        if (maxMessagesPerQueue < 1 || maxBytesPerQueue < 1 || maxSpan < 1) {
            throw new IllegalArgumentException("flow control limits must be positive: " + maxMessagesPerQueue + ", "
                    + maxBytesPerQueue + ", " + maxSpan);
        }
    }

    /** Why a pull must wait, or {@link Verdict#PULL}. */
    public enum Verdict {
        PULL,
        TOO_MANY_MESSAGES,
        TOO_MANY_BYTES,
        SPAN_TOO_WIDE
    }

    /** Whether {@code queue} may be pulled now; {@code orderly} queues ignore the span. */
    public Verdict check(ProcessQueue queue, boolean orderly) {
        if (queue.count() > maxMessagesPerQueue) {
            return Verdict.TOO_MANY_MESSAGES;
        }
        if (queue.bytes() > maxBytesPerQueue) {
            return Verdict.TOO_MANY_BYTES;
        }
        if (!orderly && queue.span() > maxSpan) {
            return Verdict.SPAN_TOO_WIDE;
        }
        return Verdict.PULL;
    }
}
