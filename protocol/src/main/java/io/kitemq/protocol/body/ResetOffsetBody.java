package io.kitemq.protocol.body;

import java.util.Map;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * The new offset of each queue when an admin resets a group's offsets (broker → client
 * RESET_CONSUMER_CLIENT_OFFSET, and the broker's answer to INVOKE_BROKER_TO_RESET_OFFSET). Written with
 * fastjson-style bare object keys (see {@link BodyCodec}).
 *
 * <p>Immutable and thread-safe.
 */
public record ResetOffsetBody(
        @JsonSerialize(using = QueueRefKeyedMapSerializer.class)
        Map<QueueRef, Long> offsetTable) {

    public ResetOffsetBody {
        offsetTable = BodyCollections.map(offsetTable);
    }
}
