package io.kitemq.protocol.body;

import java.util.Set;

/**
 * The body of UNLOCK_BATCH_MQ: a consumer gives up its locks on these queues (on rebalance or
 * shutdown).
 *
 * <p>Immutable and thread-safe.
 */
public record UnlockBatchRequestBody(
        String consumerGroup, String clientId, boolean onlyThisBroker, Set<QueueRef> mqSet) {

    public UnlockBatchRequestBody {
        mqSet = BodyCollections.set(mqSet);
    }
}
