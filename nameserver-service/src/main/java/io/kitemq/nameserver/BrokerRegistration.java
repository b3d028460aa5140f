package io.kitemq.nameserver;

import io.kitemq.protocol.body.DataVersion;
import io.kitemq.protocol.body.TopicConfig;
import java.util.List;
import java.util.Map;

/**
 * What one REGISTER_BROKER says: who the broker is and, for a master, its topics.
 *
 * @param topics the broker's topic configs (null when the registration carried none)
 * @param heartbeatTimeoutMillis how long this broker may stay silent before it is dropped (null: default)
 * @param connection the connection it registered over (dropped at once when that closes); any object
 *     with identity semantics, null when unknown
 */
public record BrokerRegistration(
        String clusterName,
        String brokerName,
        String brokerAddr,
        long brokerId,
        String haServerAddr,
        Long heartbeatTimeoutMillis,
        DataVersion dataVersion,
        Map<String, TopicConfig> topics,
        List<String> filterServers,
        Object connection) {}
