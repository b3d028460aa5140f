package io.kitemq.store;

/** The outcome of reading a queue (RocketMQ's GetMessageStatus); the broker maps it to a pull response. */
public enum GetStatus {
    /** Messages found. */
    FOUND,
    /** Entries were there but none matched the filter; continue from nextBeginOffset. */
    NO_MATCHED_MESSAGE,
    /** The queue's entries point at CommitLog data that retention already removed. */
    OFFSET_FOUND_NULL,
    /** The offset is past the end by more than one. */
    OFFSET_OVERFLOW_BADLY,
    /** The offset is exactly the end: nothing new yet (long polling waits here). */
    OFFSET_OVERFLOW_ONE,
    /** The offset is below the oldest stored entry; nextBeginOffset is the minimum. */
    OFFSET_TOO_SMALL,
    /** No such topic/queue. */
    NO_MATCHED_LOGIC_QUEUE,
    /** The queue exists but holds nothing. */
    NO_MESSAGE_IN_QUEUE
}
