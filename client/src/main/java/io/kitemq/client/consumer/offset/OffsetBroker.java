package io.kitemq.client.consumer.offset;

import io.kitemq.protocol.message.MessageQueue;
import java.util.OptionalLong;

/**
 * The broker calls a {@link BrokerOffsetStore} needs: {@code QUERY_CONSUMER_OFFSET} and
 * {@code UPDATE_CONSUMER_OFFSET}, addressed to the master of the queue's broker. Implementations are
 * thread-safe.
 */
public interface OffsetBroker {

    /**
     * The group's committed offset of {@code queue}; empty when the broker has none
     * ({@code QUERY_NOT_FOUND}).
     *
     * @throws io.kitemq.client.KiteMqClientException on any other failure
     */
    OptionalLong queryOffset(String group, MessageQueue queue);

    /**
     * Commits {@code offset} for {@code queue}.
     *
     * @throws io.kitemq.client.KiteMqClientException if the broker cannot be reached
     */
    void updateOffset(String group, MessageQueue queue, long offset);
}
