package io.kitemq.protocol.body;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * One broker's queues of a topic inside {@link TopicRouteData}: how many queues it reads and writes,
 * its permission bits (2 write, 4 read) and the topic's system flag (named {@code topicSynFlag} by
 * RocketMQ 4.x, which is read too).
 *
 * <p>Immutable and thread-safe.
 */
public record QueueData(
        String brokerName,
        int readQueueNums,
        int writeQueueNums,
        int perm,
        @JsonAlias("topicSynFlag") int topicSysFlag) {}
