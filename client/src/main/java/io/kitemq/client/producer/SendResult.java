package io.kitemq.client.producer;

import io.kitemq.protocol.message.MessageQueue;
import java.util.Objects;

/**
 * What the broker said about one send.
 *
 * @param status how durable the message is
 * @param msgId the client-assigned id (property UNIQ_KEY) users see and query by; for a batch the ids of
 *     its messages joined by commas
 * @param offsetMsgId the broker-assigned id (store host + CommitLog offset); comma-joined for a batch
 * @param queue the queue the message went to
 * @param queueOffset the message's offset in that queue (the first message's for a batch)
 * @param transactionId the broker's transaction id, when it sent one
 *
 * <p>Immutable; thread-safe.
 */
public record SendResult(
        SendStatus status,
        String msgId,
        String offsetMsgId,
        MessageQueue queue,
        long queueOffset,
        String transactionId) {

    public SendResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(msgId, "msgId");
        Objects.requireNonNull(queue, "queue");
    }
}
