package io.kitemq.client.producer;

import java.util.Objects;

/**
 * The result of a transactional send: where the half message went and what the local transaction decided
 * (the state told to the broker).
 *
 * <p>Immutable; thread-safe.
 */
public record TransactionSendResult(SendResult sendResult, LocalTransactionState localState) {

    public TransactionSendResult {
        Objects.requireNonNull(sendResult, "sendResult");
        Objects.requireNonNull(localState, "localState");
    }
}
