package io.kitemq.protocol.body;

import java.util.Map;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A topic's queues on one broker, answered to GET_TOPIC_STATS_INFO: per queue, its {@link TopicOffset};
 * and the topic's put rate in messages per second. The table is written with fastjson-style bare object
 * keys (see {@link BodyCodec}).
 *
 * <p>Immutable and thread-safe.
 */
public record TopicStatsTable(
        @JsonSerialize(using = QueueRefKeyedMapSerializer.class)
        Map<QueueRef, TopicOffset> offsetTable,

        double topicPutTps) {

    public TopicStatsTable {
        offsetTable = BodyCollections.map(offsetTable);
    }
}
