package io.kitemq.broker.client;

import java.util.Set;

/**
 * What one heartbeat changed, so a caller can log or react: the consumer groups the client joined (it
 * was not a member before), the consumer groups whose set of subscribed topics changed (a topic added
 * or dropped), and the consumer groups where a subscription was replaced by one with a newer
 * {@code subVersion} (for example a new tag expression) without the topic set changing.
 *
 * <p>Immutable and thread-safe.
 */
public record HeartbeatResult(Set<String> joinedGroups, Set<String> topicsChanged, Set<String> subscriptionsUpdated) {

    public HeartbeatResult {
        joinedGroups = Set.copyOf(joinedGroups);
        topicsChanged = Set.copyOf(topicsChanged);
        subscriptionsUpdated = Set.copyOf(subscriptionsUpdated);
    }

    /** True when anything beyond the client's last-heard time changed. */
    public boolean changed() {
        return !joinedGroups.isEmpty() || !topicsChanged.isEmpty() || !subscriptionsUpdated.isEmpty();
    }
}
