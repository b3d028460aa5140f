package io.kitemq.protocol.body;

import java.util.Set;

/**
 * A set of consumer group names, answered to QUERY_TOPIC_CONSUME_BY_WHO.
 *
 * <p>Immutable and thread-safe.
 */
public record GroupList(Set<String> groupList) {

    public GroupList {
        groupList = BodyCollections.set(groupList);
    }
}
