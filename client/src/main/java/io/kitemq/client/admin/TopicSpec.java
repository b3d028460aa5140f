package io.kitemq.client.admin;

import io.kitemq.client.FatalClientException;
import io.kitemq.protocol.message.TopicName;

/**
 * What a topic should look like on each broker it is created on: read and write queue counts,
 * permission bits (2 write, 4 read; 6 = read-write) and whether it is ordered. Validated: the name
 * follows RocketMQ's rules, queue counts are 1..1024, perm is one of 2, 4, 6.
 *
 * <p>Immutable; thread-safe.
 */
public record TopicSpec(String topic, int readQueues, int writeQueues, int perm, boolean order) {

    public static final int DEFAULT_QUEUES = 4;
    public static final int PERM_READ_WRITE = 6;

    public TopicSpec {
        String problem = TopicName.check(topic);
        if (problem != null) {
            throw new FatalClientException("Invalid topic: " + problem);
        }
        if (readQueues < 1 || readQueues > 1024 || writeQueues < 1 || writeQueues > 1024) {
            throw new FatalClientException("Topic " + topic + ": queue counts must be 1..1024, got read " + readQueues
                    + " write " + writeQueues);
        }
        if (perm != 2 && perm != 4 && perm != 6) {
            throw new FatalClientException("Topic " + topic + ": perm must be 2 (write), 4 (read) or 6, got " + perm);
        }
    }

    /** {@code queues} read and write queues, read-write, not ordered. */
    public static TopicSpec of(String topic, int queues) {
        return new TopicSpec(topic, queues, queues, PERM_READ_WRITE, false);
    }
}
