package io.kitemq.protocol.body;

import java.util.Set;

/**
 * A set of topic names, answered to GET_ALL_TOPIC_LIST_FROM_NAMESERVER and similar; {@code brokerAddr}
 * is set only by answers about one broker, and otherwise {@code null} and not written.
 *
 * <p>Immutable and thread-safe.
 */
public record TopicList(Set<String> topicList, String brokerAddr) {

    public TopicList {
        topicList = BodyCollections.set(topicList);
    }

    public TopicList(Set<String> topicList) {
        this(topicList, null);
    }
}
