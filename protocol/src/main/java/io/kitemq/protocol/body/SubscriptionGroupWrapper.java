package io.kitemq.protocol.body;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A broker's consumer groups, answered to GET_ALL_SUBSCRIPTIONGROUP_CONFIG: group name → group
 * configuration, RocketMQ's per-group topic consume bans ({@code forbiddenTable}, group → topic → bits),
 * and the version of the whole. A missing version reads as {@link DataVersion#ZERO}.
 *
 * <p>The group configuration type {@code G} is the reader's or writer's own: the broker writes its
 * {@code SubscriptionGroupConfig}; a tool may read {@code Map<String, Object>} (decode with a
 * {@code TypeReference}). Its JSON is RocketMQ's {@code SubscriptionGroupConfig} (groupName, consumeEnable,
 * retryMaxTimes, ...).
 *
 * <p>Immutable and thread-safe when {@code G} is.
 */
public record SubscriptionGroupWrapper<G>(
        Map<String, G> subscriptionGroupTable,
        Map<String, Map<String, Integer>> forbiddenTable,
        DataVersion dataVersion) {

    public SubscriptionGroupWrapper {
        subscriptionGroupTable = BodyCollections.map(subscriptionGroupTable);
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        BodyCollections.map(forbiddenTable).forEach((group, bans) -> copy.put(group, BodyCollections.map(bans)));
        forbiddenTable = BodyCollections.map(copy);
        dataVersion = dataVersion == null ? DataVersion.ZERO : dataVersion;
    }
}
