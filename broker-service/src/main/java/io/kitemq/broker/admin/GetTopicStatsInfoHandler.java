package io.kitemq.broker.admin;

import io.kitemq.broker.topic.TopicTable;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.QueueRef;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.body.TopicOffset;
import io.kitemq.protocol.body.TopicStatsTable;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetTopicStatsInfoRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import io.kitemq.store.MessageStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * GET_TOPIC_STATS_INFO (202, {@code mqadmin topicStatus}): for each queue of a topic on this broker (the
 * larger of its read and write queue counts), the first and end offsets and the store time of its last
 * message, as a {@link TopicStatsTable} body; TOPIC_NOT_EXIST when the broker does not have the topic.
 * The per-topic put rate is not tracked and answered as 0. Thread-safe.
 */
public final class GetTopicStatsInfoHandler implements RequestHandler {

    private final TopicTable topics;
    private final MessageStore store;
    private final String brokerName;

    public GetTopicStatsInfoHandler(TopicTable topics, MessageStore store, String brokerName) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.store = Objects.requireNonNull(store, "store");
        this.brokerName = Objects.requireNonNull(brokerName, "brokerName");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        String topic =
                GetTopicStatsInfoRequestHeader.decode(request.extFields()).topic();
        TopicConfig config = topics.get(topic);
        if (config == null) {
            return RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic + "] not exist");
        }
        return RemotingCommand.success().body(BodyCodec.encode(stats(config)));
    }

    TopicStatsTable stats(TopicConfig config) {
        String topic = config.topicName();
        int queues = Math.max(config.readQueueNums(), config.writeQueueNums());
        Map<QueueRef, TopicOffset> table = new LinkedHashMap<>();
        for (int q = 0; q < queues; q++) {
            long min = Math.max(0, store.minOffset(topic, q));
            long max = Math.max(0, store.maxOffset(topic, q));
            long last = max > 0 ? QueueTimes.storeTimeAt(store, topic, q, max - 1) : 0;
            table.put(new QueueRef(topic, brokerName, q), new TopicOffset(min, max, last));
        }
        return new TopicStatsTable(table, 0);
    }
}
