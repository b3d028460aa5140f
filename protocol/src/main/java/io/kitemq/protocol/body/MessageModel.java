package io.kitemq.protocol.body;

/**
 * Whether each message goes to one consumer of a group or to all of them; names as in RocketMQ's
 * {@code MessageModel}. An unknown name from a newer peer reads as {@code null}.
 */
public enum MessageModel {
    BROADCASTING,
    CLUSTERING,
    /** Lite-topic consumers (recent RocketMQ 5 releases). */
    LITE_SELECTIVE
}
