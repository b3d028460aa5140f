package io.kitemq.client.consumer;

/**
 * What a listener says about the messages it was given. For a concurrent listener {@link #RETRY} sends
 * them back to the broker for a later redelivery (with a growing delay); for an orderly listener it
 * suspends the queue for a moment and retries the same messages in the same order.
 *
 * <p>Immutable; thread-safe.
 */
public enum ConsumeResult {
    SUCCESS,
    RETRY
}
