package io.kitemq.broker.boot;

import io.kitemq.protocol.body.SubscriptionData;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.protocol.message.TagHash;
import io.kitemq.store.MessageFilter;
import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The tag filter of a REST pull: {@code *} or nothing takes every message, {@code a || b} takes
 * messages tagged {@code a} or {@code b}. Filters first by the tag hash in the ConsumeQueue, then —
 * unlike the remoting pull, whose clients re-check — by the exact tag of the record, so scripts get
 * exactly what they asked for.
 *
 * <p>Immutable and thread-safe.
 */
record TagExpression(Set<String> tags, Set<Long> hashes) implements MessageFilter {

    static final TagExpression ALL = new TagExpression(null, null);

    static TagExpression of(String expression) {
        if (expression == null || expression.isBlank() || expression.trim().equals(SubscriptionData.SUB_ALL)) {
            return ALL;
        }
        Set<String> tags = new LinkedHashSet<>();
        Set<Long> hashes = new LinkedHashSet<>();
        for (String tag : expression.split("\\|\\|")) {
            String t = tag.trim();
            if (!t.isEmpty()) {
                tags.add(t);
                hashes.add(TagHash.of(t));
            }
        }
        return tags.isEmpty() ? ALL : new TagExpression(Set.copyOf(tags), Set.copyOf(hashes));
    }

    @Override
    public boolean matchesTagHash(long tagHash) {
        return hashes == null || hashes.contains(tagHash);
    }

    @Override
    public boolean matchesRecord(ByteBuffer record) {
        if (tags == null) {
            return true;
        }
        String tag = StoredMessageCodec.decode(record, false, false).getTags();
        return tag != null && tags.contains(tag);
    }
}
