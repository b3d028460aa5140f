package io.kitemq.protocol.body;

import java.util.Set;

/**
 * A broker's answer to GET_PRODUCER_CONNECTION_LIST: the connected clients of one producer group.
 *
 * <p>Immutable and thread-safe.
 */
public record ProducerConnection(Set<Connection> connectionSet) {

    public ProducerConnection {
        connectionSet = BodyCollections.set(connectionSet);
    }
}
