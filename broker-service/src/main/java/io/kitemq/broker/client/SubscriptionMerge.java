package io.kitemq.broker.client;

import io.kitemq.protocol.body.SubscriptionData;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A group's subscription table after one heartbeat, merged as RocketMQ's broker merges it: a topic the
 * heartbeat names and the table lacks is added; a topic both have keeps the subscription with the
 * higher {@code subVersion} (clients stamp a subscription with the time they built it, so the newest
 * expression wins and an older client's heartbeat cannot roll it back); a topic the heartbeat no longer
 * names is dropped. Subscriptions without a topic are ignored.
 *
 * <p>Immutable and thread-safe.
 */
record SubscriptionMerge(Map<String, SubscriptionData> table, boolean topicsChanged, boolean versionUpdated) {

    static SubscriptionMerge unchanged(Map<String, SubscriptionData> table) {
        return new SubscriptionMerge(table, false, false);
    }

    static SubscriptionMerge of(Map<String, SubscriptionData> current, Set<SubscriptionData> incoming) {
        Map<String, SubscriptionData> table = new HashMap<>(current);
        Set<String> named = new HashSet<>();
        boolean topicsChanged = false;
        boolean versionUpdated = false;
        for (SubscriptionData sub : incoming) {
            if (sub.topic() == null) {
                continue;
            }
            named.add(sub.topic());
            SubscriptionData old = table.get(sub.topic());
            if (old == null) {
                table.put(sub.topic(), sub);
                topicsChanged = true;
            } else if (sub.subVersion() > old.subVersion()) {
                table.put(sub.topic(), sub);
                versionUpdated = true;
            }
        }
        topicsChanged |= table.keySet().retainAll(named);
        return new SubscriptionMerge(table, topicsChanged, versionUpdated);
    }
}
