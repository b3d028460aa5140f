package io.kitemq.client.consumer;

import io.kitemq.protocol.body.SubscriptionData;
import io.kitemq.protocol.message.Message;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One topic a consumer subscribes to, with a filter expression of one of two types:
 *
 * <ul>
 *   <li>{@code TAG} ({@link #of}): {@code "*"} (every message) or tags joined by {@code ||}
 *       ({@code "TagA || TagB"}). The broker filters by tag hash code; {@link #matches} re-checks the exact
 *       tag on the client, since different tags can share a hash code.
 *   <li>{@code SQL92} ({@link #sql}): a boolean expression over the message's user properties (and
 *       {@code TAGS}), e.g. {@code "region = 'eu' AND amount > 100"}, evaluated by the broker only. The
 *       consumer asks each broker to check the expression (CHECK_CLIENT_CONFIG) before it subscribes, so a
 *       malformed expression fails the consumer's start.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param type {@link SubscriptionData#EXPRESSION_TAG} or {@link SubscriptionData#EXPRESSION_SQL92}
 * @param tags the parsed tags of a TAG expression; empty for {@code "*"} and for SQL92
 */
public record Subscription(String topic, String expression, Set<String> tags, long version, String type) {

    public Subscription {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(type, "type");
        if (!type.equals(SubscriptionData.EXPRESSION_TAG) && !type.equals(SubscriptionData.EXPRESSION_SQL92)) {
            throw new IllegalArgumentException("unknown expression type " + type + " of topic " + topic);
        }
        tags = Set.copyOf(tags);
        if (type.equals(SubscriptionData.EXPRESSION_SQL92) && !tags.isEmpty()) {
            throw new IllegalArgumentException("a SQL92 subscription of topic " + topic + " has no tags");
        }
    }

    /**
     * Parses a tag expression.
     *
     * @throws IllegalArgumentException if the topic is empty
     */
    public static Subscription of(String topic, String expression) {
        checkTopic(topic);
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
                topic,
                tags.isEmpty() ? SubscriptionData.SUB_ALL : expr,
                tags,
                System.currentTimeMillis(),
                SubscriptionData.EXPRESSION_TAG);
    }

    /**
     * A SQL92 subscription; the broker compiles and evaluates {@code expression} (the client only checks
     * it is not empty).
     *
     * @throws IllegalArgumentException if the topic or the expression is empty
     */
    public static Subscription sql(String topic, String expression) {
        checkTopic(topic);
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("SQL92 expression of topic " + topic + " is empty");
        }
        return new Subscription(
                topic, expression.trim(), Set.of(), System.currentTimeMillis(), SubscriptionData.EXPRESSION_SQL92);
    }

    /** Subscribes to every message of {@code topic}. */
    public static Subscription all(String topic) {
        return of(topic, SubscriptionData.SUB_ALL);
    }

    private static void checkTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("subscription topic is empty");
        }
    }

    /** Whether this is a SQL92 subscription (filtered by the broker only). */
    public boolean isSql() {
        return type.equals(SubscriptionData.EXPRESSION_SQL92);
    }

    /** Whether every message of the topic is wanted (a TAG {@code "*"}). */
    public boolean matchesAll() {
        return !isSql() && tags.isEmpty();
    }

    /**
     * Whether {@code message} passes the client-side re-check: its tag is one of ours (always true for
     * {@code "*"}); always true for SQL92, which the broker alone evaluates.
     */
    public boolean matches(Message message) {
        return tags.isEmpty() || (message.getTags() != null && tags.contains(message.getTags()));
    }

    /** The wire form sent in heartbeats. */
    public SubscriptionData toData() {
        Set<Integer> codes = new LinkedHashSet<>();
        tags.forEach(t -> codes.add(t.hashCode()));
        return new SubscriptionData(topic, expression, tags, codes, version, type, false);
    }
}
