package io.kitemq.client.producer;

import io.kitemq.protocol.message.MessageSysFlag;

/** The outcome of a local transaction, as told to the broker in END_TRANSACTION. Immutable; thread-safe. */
public enum LocalTransactionState {
    /** Deliver the half message to consumers. */
    COMMIT_MESSAGE(MessageSysFlag.TRANSACTION_COMMIT_TYPE),
    /** Discard the half message. */
    ROLLBACK_MESSAGE(MessageSysFlag.TRANSACTION_ROLLBACK_TYPE),
    /** Not decided yet: the broker will check back later (RocketMQ's spelling, {@code UNKNOW}). */
    UNKNOW(MessageSysFlag.TRANSACTION_NOT_TYPE);

    private final int commitOrRollback;

    LocalTransactionState(int commitOrRollback) {
        this.commitOrRollback = commitOrRollback;
    }

    /** The value of END_TRANSACTION's {@code commitOrRollback}: 8, 12 or 0. */
    public int commitOrRollback() {
        return commitOrRollback;
    }
}
