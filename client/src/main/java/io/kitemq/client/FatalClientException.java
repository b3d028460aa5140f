package io.kitemq.client;

import io.kitemq.protocol.message.MessageQueue;

/**
 * A client call failed in a way that retrying cannot fix: invalid input (bad topic name, message too
 * large), a refused request, a missing topic, a closed client.
 *
 * <p>Immutable and thread-safe.
 */
public non-sealed class FatalClientException extends KiteMqClientException {

    public FatalClientException(
            String what, String topic, MessageQueue queue, String broker, Integer responseCode, Throwable cause) {
        super(what, topic, queue, broker, responseCode, cause);
    }

    public FatalClientException(String what) {
        this(what, null, null, null, null, null);
    }

    public FatalClientException(String what, Throwable cause) {
        this(what, null, null, null, null, cause);
    }

    @Override
    public final boolean isRetriable() {
        return false;
    }
}
