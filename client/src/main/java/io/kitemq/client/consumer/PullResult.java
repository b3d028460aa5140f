package io.kitemq.client.consumer;

import io.kitemq.protocol.message.MessageExt;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one pull: the messages found (already tag-filtered by the broker, not yet by the
 * client) and where the next pull of the queue starts.
 *
 * <p>Immutable (the messages themselves are mutable {@link MessageExt}s owned by the caller).
 *
 * <p>Thread-safe to share once built; the messages (or bytes) inside are not copied, so do not modify them.
 */
public record PullResult(
        Status status, long nextBeginOffset, long minOffset, long maxOffset, List<MessageExt> messages) {

    /** RocketMQ's {@code PullStatus}, decided by the response code. */
    public enum Status {
        /** SUCCESS: messages returned. */
        FOUND,
        /** PULL_NOT_FOUND: nothing new (after the long-poll hold). */
        NO_NEW_MSG,
        /** PULL_RETRY_IMMEDIATELY: messages exist but none matched the subscription. */
        NO_MATCHED_MSG,
        /** PULL_OFFSET_MOVED: the offset was out of range or reset; continue at nextBeginOffset. */
        OFFSET_ILLEGAL
    }

    public PullResult {
        Objects.requireNonNull(status, "status");
        messages = List.copyOf(messages);
    }
}
