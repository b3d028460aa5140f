package io.kitemq.protocol.body;

import java.util.Map;
import java.util.Set;

/**
 * A broker's answer to GET_CONSUMER_CONNECTION_LIST: the group's connected clients, its subscriptions
 * by topic, and how it consumes.
 *
 * <p>Immutable and thread-safe.
 */
public record ConsumerConnection(
        Set<Connection> connectionSet,
        Map<String, SubscriptionData> subscriptionTable,
        ConsumeType consumeType,
        MessageModel messageModel,
        ConsumeFromWhere consumeFromWhere) {

    public ConsumerConnection {
        connectionSet = BodyCollections.set(connectionSet);
        subscriptionTable = BodyCollections.map(subscriptionTable);
    }
}
