package io.kitemq.client.core;

import io.kitemq.protocol.body.ConsumerData;
import io.kitemq.protocol.body.ProducerData;
import java.util.Set;

/**
 * What one producer or consumer adds to its client's heartbeat: its group, and for a consumer its
 * subscriptions. Called on every heartbeat (the scheduler's thread or the caller of {@link
 * ClientRuntime#heartbeatNow()}), so it must be cheap and thread-safe and return current data.
 */
public interface HeartbeatContributor {

    default Set<ProducerData> producers() {
        return Set.of();
    }

    default Set<ConsumerData> consumers() {
        return Set.of();
    }
}
