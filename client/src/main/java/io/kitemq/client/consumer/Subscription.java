package io.kitemq.client.consumer;

import io.kitemq.protocol.body.SubscriptionData;
import io.kitemq.protocol.message.Message;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One topic a consumer subscribes to, with a tag expression: {@code "*"} (every message) or tags joined
 * by {@code ||} ({@code "TagA || TagB"}). The broker filters by tag hash code; {@link #matches} re-checks
 * the exact tag on the client, since different tags can share a hash code.
 *
 * <p>Immutable and thread-safe.
 */
public record Subscription(String topic, String expression, Set<String> tags, long version) {

    public Subscription {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(expression, "expression");
        tags = Set.copyOf(tags);
    }

    /**
     * Parses a tag expression.
     *
     * @throws IllegalArgumentException if the topic is empty
     */
    public static Subscription of(String topic, String expression) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("subscription topic is empty");
        }
        String expr = expression == null || expression.isBlank() ? SubscriptionData.SUB_ALL : expression.trim();
        Set<String> tags = new LinkedHashSet<>();
        if (!expr.equals(SubscriptionData.SUB_ALL)) {
            for (String tag : expr.split("\\|\\|")) {
                if (!tag.isBlank()) {
                    tags.add(tag.trim());
                }
            }
            if (tags.isEmpty()) {
                throw new IllegalArgumentException(
                        "tag expression '" + expression + "' of topic " + topic + " names no tag");
            }
        }
        return new Subscription(
                topic, tags.isEmpty() ? SubscriptionData.SUB_ALL : expr, tags, System.currentTimeMillis());
    }

    /** Subscribes to every message of {@code topic}. */
    public static Subscription all(String topic) {
        return of(topic, SubscriptionData.SUB_ALL);
    }

    public boolean matchesAll() {
        return tags.isEmpty();
    }

    /** Whether {@code message}'s tag is one of ours (always true for {@code "*"}). */
    public boolean matches(Message message) {
        return tags.isEmpty() || (message.getTags() != null && tags.contains(message.getTags()));
    }

    /** The wire form sent in heartbeats. */
    public SubscriptionData toData() {
        Set<Integer> codes = new LinkedHashSet<>();
        tags.forEach(t -> codes.add(t.hashCode()));
        return new SubscriptionData(topic, expression, tags, codes, version, SubscriptionData.EXPRESSION_TAG, false);
    }
}
