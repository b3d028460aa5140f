package io.kitemq.nameserver;

import io.kitemq.protocol.body.DataVersion;

/**
 * A registered broker instance (one address) and when it was last heard from.
 *
 * <p>Immutable; replaced on each heartbeat.
 */
public record BrokerLiveInfo(
        String clusterName,
        String brokerName,
        String brokerAddr,
        long brokerId,
        String haServerAddr,
        long lastUpdateMillis,
        long timeoutMillis,
        DataVersion dataVersion,
        Object connection) {

    BrokerLiveInfo touched(long now) {
        return new BrokerLiveInfo(
                clusterName,
                brokerName,
                brokerAddr,
                brokerId,
                haServerAddr,
                now,
                timeoutMillis,
                dataVersion,
                connection);
    }

    boolean expiredAt(long now) {
        return now - lastUpdateMillis > timeoutMillis;
    }
}
