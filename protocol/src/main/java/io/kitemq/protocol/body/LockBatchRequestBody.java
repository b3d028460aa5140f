package io.kitemq.protocol.body;

import java.util.Set;

/**
 * The body of LOCK_BATCH_MQ: an orderly consumer asks to own these queues for its group.
 * {@code onlyThisBroker} asks the broker not to forward the request to its peers.
 *
 * <p>Immutable and thread-safe.
 */
public record LockBatchRequestBody(String consumerGroup, String clientId, boolean onlyThisBroker, Set<QueueRef> mqSet) {

    public LockBatchRequestBody {
        mqSet = BodyCollections.set(mqSet);
    }
}
