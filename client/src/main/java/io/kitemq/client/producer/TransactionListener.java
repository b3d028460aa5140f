package io.kitemq.client.producer;

import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;

/**
 * The application side of transactional messages. Both methods may throw: a throwing {@code execute}
 * counts as {@link LocalTransactionState#UNKNOW} (the broker checks back later), a throwing {@code check}
 * leaves the broker's question unanswered (it asks again). Must be thread-safe: checks run on the
 * producer's check executor while sends run on the callers' threads.
 */
public interface TransactionListener {

    /**
     * Runs the local transaction after the half message was stored.
     *
     * @param message the sent message; {@link Message#getTransactionId()} is its id
     * @param arg what the caller passed to {@link TransactionalProducer#sendInTransaction}
     */
    LocalTransactionState executeLocalTransaction(Message message, Object arg);

    /** Answers the broker's check-back for a half message whose outcome it did not learn. */
    LocalTransactionState checkLocalTransaction(MessageExt message);
}
