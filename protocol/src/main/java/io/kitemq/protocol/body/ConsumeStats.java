package io.kitemq.protocol.body;

import java.util.Map;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A group's consume progress on one broker, answered to GET_CONSUME_STATS: per queue, the offsets of
 * {@link OffsetWrapper}; and the group's consume rate in messages per second. The table is written with
 * fastjson-style bare object keys (see {@link BodyCodec}).
 *
 * <p>Immutable and thread-safe.
 */
public record ConsumeStats(
        @JsonSerialize(using = QueueRefKeyedMapSerializer.class)
        Map<QueueRef, OffsetWrapper> offsetTable,

        double consumeTps) {

    public ConsumeStats {
        offsetTable = BodyCollections.map(offsetTable);
    }

    /** Messages the group has yet to consume: the sum over queues of broker offset − consumer offset. */
    public long computeTotalDiff() {
        long diff = 0;
        for (OffsetWrapper w : offsetTable.values()) {
            diff += w.brokerOffset() - w.consumerOffset();
        }
        return diff;
    }
}
