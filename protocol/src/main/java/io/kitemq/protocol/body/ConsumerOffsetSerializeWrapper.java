package io.kitemq.protocol.body;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every committed consume offset of a broker, answered to GET_ALL_CONSUMER_OFFSET: keyed by
 * {@code topic@group}, then by queue id ({@code {"offsetTable":{"T@g":{0:12,1:40}}}}), with a version. A
 * missing version reads as {@link DataVersion#ZERO}.
 *
 * <p>Immutable and thread-safe.
 */
public record ConsumerOffsetSerializeWrapper(Map<String, Map<Integer, Long>> offsetTable, DataVersion dataVersion) {

    public ConsumerOffsetSerializeWrapper {
        Map<String, Map<Integer, Long>> copy = new LinkedHashMap<>();
        BodyCollections.map(offsetTable).forEach((key, queues) -> copy.put(key, BodyCollections.map(queues)));
        offsetTable = BodyCollections.map(copy);
        dataVersion = dataVersion == null ? DataVersion.ZERO : dataVersion;
    }
}
