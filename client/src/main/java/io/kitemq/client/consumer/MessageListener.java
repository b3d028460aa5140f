package io.kitemq.client.consumer;

/**
 * The application's code a push consumer calls with messages; one of {@link ConcurrentListener} or
 * {@link OrderlyListener}. A listener that throws is treated as returning {@link ConsumeResult#RETRY}
 * (null too); it never stops the consumer.
 *
 * <p>Called on the consumer's threads: a concurrent listener from many at once, an orderly one from one thread per queue at a time.
 */
public sealed interface MessageListener permits ConcurrentListener, OrderlyListener {}
