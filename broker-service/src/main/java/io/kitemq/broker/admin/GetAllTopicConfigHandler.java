package io.kitemq.broker.admin;

import io.kitemq.broker.topic.TopicTable;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.TopicConfigSerializeWrapper;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.Objects;

/**
 * GET_ALL_TOPIC_CONFIG (21): every topic of the broker with the table's data version, as a
 * {@code TopicConfigSerializeWrapper} body (RocketMQ 5's {@code TopicConfigAndMappingSerializeWrapper}
 * shape, with empty static-topic mappings), and the topic count in the {@code totalTopicNum} response
 * header. The paged form of RocketMQ's split-metadata mode is not supported: the whole table is always
 * answered. Thread-safe.
 */
public final class GetAllTopicConfigHandler implements RequestHandler {

    private final TopicTable topics;

    public GetAllTopicConfigHandler(TopicTable topics) {
        this.topics = Objects.requireNonNull(topics, "topics");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        TopicConfigSerializeWrapper snapshot = topics.snapshot();
        return RemotingCommand.success()
                .extField(
                        "totalTopicNum",
                        Integer.toString(snapshot.topicConfigTable().size()))
                .body(BodyCodec.encode(snapshot));
    }
}
