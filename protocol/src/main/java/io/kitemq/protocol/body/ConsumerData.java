package io.kitemq.protocol.body;

import java.util.Set;

/**
 * One consumer group a client belongs to, inside {@link HeartbeatData}: how it consumes, where it
 * starts, and its subscriptions. Enum fields are {@code null} when the peer sent a name this version does
 * not know.
 *
 * <p>Immutable and thread-safe.
 */
public record ConsumerData(
        String groupName,
        ConsumeType consumeType,
        MessageModel messageModel,
        ConsumeFromWhere consumeFromWhere,
        Set<SubscriptionData> subscriptionDataSet,
        boolean unitMode) {

    public ConsumerData {
        subscriptionDataSet = BodyCollections.set(subscriptionDataSet);
    }
}
