package io.kitemq.client.admin;

import io.kitemq.protocol.message.MessageExt;
import java.util.List;

/**
 * What one read of a queue returned: the outcome, the offset to read next, the queue's bounds at the
 * time, and the messages (empty unless {@link Status#FOUND}). Immutable (the messages themselves are
 * RocketMQ-style mutable objects the caller owns).
 *
 * <p>Thread-safe to share once built; the messages (or bytes) inside are not copied, so do not modify them.
 */
public record PulledMessages(
        Status status, long nextBeginOffset, long minOffset, long maxOffset, List<MessageExt> messages) {

    public PulledMessages {
        messages = List.copyOf(messages);
    }

    /** RocketMQ's pull statuses. */
    public enum Status {
        FOUND,
        NO_NEW_MSG,
        NO_MATCHED_MSG,
        OFFSET_ILLEGAL
    }
}
