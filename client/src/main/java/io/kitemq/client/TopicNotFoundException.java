package io.kitemq.client;

/**
 * The NameServers know no route for a topic (TOPIC_NOT_EXIST): the topic does not exist, or no broker
 * serving it has registered yet.
 *
 * <p>Immutable and thread-safe.
 */
public final class TopicNotFoundException extends FatalClientException {

    public TopicNotFoundException(String topic, String nameServer) {
        super("no route for topic " + topic + " on the NameServers", topic, null, nameServer, 17, null);
    }
}
