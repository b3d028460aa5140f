package io.kitemq.protocol.body;

import java.util.List;

/**
 * The body of REGISTER_BROKER: the broker's topic configuration and its (obsolete, usually empty) filter
 * server list. Sent as JSON through {@link BodyCodec}, or — when the request header says
 * {@code compressed=true} — in the form of {@link RegisterBrokerBodyFormat}.
 *
 * <p>Immutable and thread-safe.
 */
public record RegisterBrokerBody(
        TopicConfigSerializeWrapper topicConfigSerializeWrapper, List<String> filterServerList) {

    public RegisterBrokerBody {
        topicConfigSerializeWrapper = topicConfigSerializeWrapper == null
                ? new TopicConfigSerializeWrapper(null, null)
                : topicConfigSerializeWrapper;
        filterServerList = BodyCollections.list(filterServerList);
    }
}
