package io.kitemq.protocol.body;

import java.util.Map;

/**
 * A broker's whole topic configuration with its version — topic name → {@link TopicConfig} plus
 * {@link DataVersion} — as registered with the NameServer and answered to GET_ALL_TOPIC_CONFIG.
 *
 * <p>Carries the fields of RocketMQ 5's {@code TopicConfigAndMappingSerializeWrapper} too: static-topic
 * mapping info and detail, keyed by topic, kept as opaque JSON objects, and their own version. A missing
 * version reads as {@link DataVersion#ZERO}.
 *
 * <p>Immutable and thread-safe.
 */
public record TopicConfigSerializeWrapper(
        Map<String, TopicConfig> topicConfigTable,
        DataVersion dataVersion,
        Map<String, Map<String, Object>> topicQueueMappingInfoMap,
        Map<String, Map<String, Object>> topicQueueMappingDetailMap,
        DataVersion mappingDataVersion) {

    public TopicConfigSerializeWrapper {
        topicConfigTable = BodyCollections.map(topicConfigTable);
        dataVersion = dataVersion == null ? DataVersion.ZERO : dataVersion;
        topicQueueMappingInfoMap = BodyCollections.map(topicQueueMappingInfoMap);
        topicQueueMappingDetailMap = BodyCollections.map(topicQueueMappingDetailMap);
        mappingDataVersion = mappingDataVersion == null ? DataVersion.ZERO : mappingDataVersion;
    }

    public TopicConfigSerializeWrapper(Map<String, TopicConfig> topicConfigTable, DataVersion dataVersion) {
        this(topicConfigTable, dataVersion, null, null, null);
    }
}
