package io.kitemq.protocol.body;

/**
 * Body of CHECK_CLIENT_CONFIG (46): a consumer about to subscribe with a non-TAG expression asks each
 * broker whether it accepts the subscription (RocketMQ's client does so in {@code start()} and fails to
 * start when a broker refuses).
 *
 * <p>Immutable and thread-safe.
 */
public record CheckClientRequestBody(
        String clientId, String group, SubscriptionData subscriptionData, String namespace) {}
