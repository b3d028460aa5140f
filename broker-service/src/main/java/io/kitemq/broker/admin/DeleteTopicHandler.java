package io.kitemq.broker.admin;

import io.kitemq.broker.offset.ConsumerOffsetTable;
import io.kitemq.broker.topic.TopicTable;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.DeleteTopicRequestHeader;
import io.kitemq.protocol.message.TopicName;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import io.kitemq.store.MessageStore;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DELETE_TOPIC_IN_BROKER (215, {@code mqadmin deleteTopic}): forgets a topic's configuration (the broker
 * re-registers without it, which takes it out of the NameServers' routes), every group's committed
 * offsets on it, and its ConsumeQueues; its CommitLog records age out with retention. Deleting a topic
 * the broker does not have succeeds, as in RocketMQ. INVALID_PARAMETER for a blank name or a system
 * topic. Thread-safe.
 */
public final class DeleteTopicHandler implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(DeleteTopicHandler.class);

    private final TopicTable topics;
    private final ConsumerOffsetTable offsets;
    private final MessageStore store;

    public DeleteTopicHandler(TopicTable topics, ConsumerOffsetTable offsets, MessageStore store) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        String topic = DeleteTopicRequestHeader.decode(request.extFields()).topic();
        if (topic.isBlank()) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, "The specified topic is blank.");
        }
        if (TopicName.isValid(topic) && !TopicName.isSendable(topic)) {
            return RemotingCommand.response(
                    ResponseCode.INVALID_PARAMETER, "The topic[" + topic + "] is conflict with system topic.");
        }
        boolean existed = topics.delete(topic);
        offsets.removeTopic(topic);
        store.deleteTopic(topic);
        log.info("Deleted topic {} (existed: {}) for {}", topic, existed, peer.remoteAddress());
        return RemotingCommand.success();
    }
}
