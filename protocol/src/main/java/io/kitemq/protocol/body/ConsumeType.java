package io.kitemq.protocol.body;

/**
 * How a consumer group consumes; names as in RocketMQ's {@code ConsumeType}, which is what peers send.
 * An unknown name from a newer peer reads as {@code null}.
 */
public enum ConsumeType {
    /** Pull consumer: the application pulls. */
    CONSUME_ACTIVELY,
    /** Push consumer: the client pulls in the background and calls a listener. */
    CONSUME_PASSIVELY,
    /** Pop consumer (RocketMQ 5): the broker assigns messages per request. */
    CONSUME_POP
}
