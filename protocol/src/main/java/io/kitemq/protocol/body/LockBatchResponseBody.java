package io.kitemq.protocol.body;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Set;

/**
 * The answer to LOCK_BATCH_MQ: the queues now locked by the requesting client.
 *
 * <p>Immutable and thread-safe.
 */
public record LockBatchResponseBody(
        @JsonProperty("lockOKMQSet") Set<QueueRef> lockOKMQSet) {

    public LockBatchResponseBody {
        lockOKMQSet = BodyCollections.set(lockOKMQSet);
    }
}
