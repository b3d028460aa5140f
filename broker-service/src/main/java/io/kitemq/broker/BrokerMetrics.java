package io.kitemq.broker;

/**
 * Hooks through which the broker reports what an operator graphs; the Boot shell binds them to
 * Micrometer. Called on request threads: implementations must be thread-safe and cheap. Defaults are
 * no-ops.
 */
public interface BrokerMetrics {

    BrokerMetrics NONE = new BrokerMetrics() {};

    /** Messages stored for a topic (a batch counts its messages), their bytes, and the put latency. */
    default void messagesIn(String topic, int messages, long bytes, long putLatencyNanos) {}

    /** A send was refused or failed, by response code. */
    default void sendFailed(String topic, int responseCode) {}

    /** Messages delivered to a consumer group by pulls, and their bytes. */
    default void messagesOut(String topic, String group, int messages, long bytes) {}

    /** A message of {@code group} was moved to its dead-letter topic {@code %DLQ%<group>}. */
    default void deadLettered(String group) {}

    /** A pull was suspended (long polling) or released; {@code delta} is +1 or -1. */
    default void pullsHeld(int delta) {}

    /** A transaction ended by END_TRANSACTION: committed ({@code true}) or rolled back. */
    default void transactionEnded(boolean committed) {}

    /** An undecided half message was checked back with its producer group. */
    default void transactionChecked() {}

    /** A half message unresolved after the maximum number of checks was parked. */
    default void transactionParked() {}
}
