package io.kitemq.broker.admin;

import io.kitemq.broker.topic.TopicTable;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.Objects;

/**
 * GET_TOPIC_CONFIG (351, header {@code topic}): one topic's configuration as RocketMQ's
 * {@code TopicConfigAndQueueMapping} JSON — the {@code TopicConfig} fields, without a static-topic
 * mapping; TOPIC_NOT_EXIST when the broker does not have the topic. Thread-safe.
 */
public final class GetTopicConfigHandler implements RequestHandler {

    private final TopicTable topics;

    public GetTopicConfigHandler(TopicTable topics) {
        this.topics = Objects.requireNonNull(topics, "topics");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        String topic = request.extField("topic");
        if (topic == null) {
            return RemotingCommand.response(
                    ResponseCode.INVALID_PARAMETER, "GetTopicConfigRequestHeader: topic is missing");
        }
        TopicConfig config = topics.get(topic);
        if (config == null) {
            return RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST, "No topic in this broker. topic: " + topic);
        }
        return RemotingCommand.success().body(BodyCodec.encode(config));
    }
}
