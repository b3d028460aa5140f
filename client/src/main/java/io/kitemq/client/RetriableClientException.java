package io.kitemq.client;

import io.kitemq.protocol.message.MessageQueue;

/**
 * A client call failed in a way that may pass on another attempt or another broker: a timeout, a lost
 * connection, a busy or unavailable broker. A timed-out send may still have been stored.
 *
 * <p>Immutable and thread-safe.
 */
public non-sealed class RetriableClientException extends KiteMqClientException {

    public RetriableClientException(
            String what, String topic, MessageQueue queue, String broker, Integer responseCode, Throwable cause) {
        super(what, topic, queue, broker, responseCode, cause);
    }

    public RetriableClientException(String what, Throwable cause) {
        this(what, null, null, null, null, cause);
    }

    @Override
    public final boolean isRetriable() {
        return true;
    }
}
