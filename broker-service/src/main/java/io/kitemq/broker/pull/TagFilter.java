package io.kitemq.broker.pull;

import io.kitemq.protocol.body.SubscriptionData;
import io.kitemq.store.MessageFilter;
import java.util.HashSet;
import java.util.Set;

/**
 * Broker-side tag filtering by the tag hash codes stored in the ConsumeQueue: {@code *} (or an empty
 * expression) takes everything, {@code a || b} takes messages whose tag hashes to one of the tags.
 * Hash collisions let a few extra messages through; the client re-checks the exact tag, as RocketMQ's
 * does.
 *
 * <p>Immutable and thread-safe.
 */
final class TagFilter implements MessageFilter {

    static final TagFilter ALL = new TagFilter(null);

    private final Set<Integer> codes;

    private TagFilter(Set<Integer> codes) {
        this.codes = codes;
    }

    /** A filter for a TAG expression such as {@code *}, {@code TagA} or {@code TagA || TagB}. */
    static TagFilter of(String expression) {
        if (expression == null || expression.isBlank() || expression.trim().equals(SubscriptionData.SUB_ALL)) {
            return ALL;
        }
        Set<Integer> codes = new HashSet<>();
        for (String tag : expression.split("\\|\\|")) {
            String t = tag.trim();
            if (!t.isEmpty()) {
                codes.add(t.hashCode());
            }
        }
        return codes.isEmpty() ? ALL : new TagFilter(Set.copyOf(codes));
    }

    static TagFilter of(SubscriptionData subscription) {
        if (subscription.codeSet() != null
                && !subscription.codeSet().isEmpty()
                && !SubscriptionData.SUB_ALL.equals(subscription.subString())) {
            return new TagFilter(Set.copyOf(subscription.codeSet()));
        }
        return of(subscription.subString());
    }

    @Override
    public boolean matchesTagHash(long tagHash) {
        return codes == null || codes.contains((int) tagHash);
    }
}
