package io.kitemq.protocol.body;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.Set;

/**
 * The body of HEART_BEAT, sent by every client to every broker every 30 s: the client id and the
 * producer and consumer groups it belongs to. RocketMQ 5 clients also send a fingerprint of the content
 * and may set {@code withoutSub} to omit unchanged subscriptions (heartbeat v2).
 *
 * <p>Immutable and thread-safe.
 */
public record HeartbeatData(
        String clientID,
        Set<ProducerData> producerDataSet,
        Set<ConsumerData> consumerDataSet,
        int heartbeatFingerprint,
        @JsonAlias("isWithoutSub") boolean withoutSub) {

    public HeartbeatData {
        producerDataSet = BodyCollections.set(producerDataSet);
        consumerDataSet = BodyCollections.set(consumerDataSet);
    }

    public HeartbeatData(String clientID, Set<ProducerData> producerDataSet, Set<ConsumerData> consumerDataSet) {
        this(clientID, producerDataSet, consumerDataSet, 0, false);
    }
}
