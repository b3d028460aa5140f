package io.kitemq.protocol.body;

/** How a topic's messages carry tags; names as in RocketMQ's {@code TopicFilterType}. */
public enum TopicFilterType {
    SINGLE_TAG,
    MULTI_TAG
}
