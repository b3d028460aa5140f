package io.kitemq.client.producer;

import io.kitemq.protocol.message.TopicName;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one producer (RocketMQ's defaults).
 *
 * @param group producer group; the broker asks it to check back transactions
 * @param sendTimeout whole-call timeout of a send, retries included (3 s)
 * @param retries extra attempts on another broker after a retriable failure (2); oneway and ordered sends
 *     do not retry
 * @param compressThreshold bodies of at least this many bytes are ZLIB-compressed (4096)
 * @param compressLevel ZLIB level (5)
 * @param maxMessageBytes largest body (batch: encoded batch) accepted before sending (4 MiB)
 * @param defaultTopicQueueNums queues a topic gets when the broker creates it on first send (4)
 * @param autoCreateTopicKey template topic whose route is used for a topic that does not exist (TBW102)
 * @param faultTolerance circuit breakers per broker
 *
 * <p>Immutable; thread-safe.
 */
public record ProducerOptions(
        String group,
        Duration sendTimeout,
        int retries,
        int compressThreshold,
        int compressLevel,
        int maxMessageBytes,
        int defaultTopicQueueNums,
        String autoCreateTopicKey,
        FaultTolerance faultTolerance) {

    public static final int MAX_GROUP_LENGTH = 255;

    public ProducerOptions {
        Objects.requireNonNull(group, "group");
        if (group.isBlank() || group.length() > MAX_GROUP_LENGTH || TopicName.illegalCharAt(group) >= 0) {
            throw new IllegalArgumentException(
                    "producer group must be 1-255 characters from [%|a-zA-Z0-9_-]: '" + group + "'");
        }
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        if (sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("sendTimeout must be positive: " + sendTimeout);
        }
        if (retries < 0 || compressThreshold < 0 || compressLevel < 0 || compressLevel > 9) {
            throw new IllegalArgumentException("retries and compressThreshold must be >= 0, compressLevel 0-9");
        }
        if (maxMessageBytes < 1 || defaultTopicQueueNums < 1) {
            throw new IllegalArgumentException("maxMessageBytes and defaultTopicQueueNums must be >= 1");
        }
        Objects.requireNonNull(autoCreateTopicKey, "autoCreateTopicKey");
        Objects.requireNonNull(faultTolerance, "faultTolerance");
    }

    public static ProducerOptions of(String group) {
        return new ProducerOptions(
                group,
                Duration.ofSeconds(3),
                2,
                4096,
                5,
                4 * 1024 * 1024,
                4,
                TopicName.AUTO_CREATE_TOPIC_KEY,
                FaultTolerance.defaults());
    }

    public ProducerOptions withSendTimeout(Duration timeout) {
        return edit(b -> b.sendTimeout = timeout);
    }

    public ProducerOptions withRetries(int n) {
        return edit(b -> b.retries = n);
    }

    public ProducerOptions withCompressThreshold(int bytes) {
        return edit(b -> b.compressThreshold = bytes);
    }

    public ProducerOptions withMaxMessageBytes(int bytes) {
        return edit(b -> b.maxMessageBytes = bytes);
    }

    public ProducerOptions withDefaultTopicQueueNums(int n) {
        return edit(b -> b.defaultTopicQueueNums = n);
    }

    public ProducerOptions withFaultTolerance(FaultTolerance ft) {
        return edit(b -> b.faultTolerance = ft);
    }

    /** A copy with {@code change} applied to its settings (validated again by the canonical constructor). */
    private ProducerOptions edit(java.util.function.Consumer<Settings> change) {
        Settings b = new Settings(this);
        change.accept(b);
        return b.build();
    }

    /** The record's components as mutable fields: what the {@code withX} methods change in a copy. */
    private static final class Settings {
        String group;
        Duration sendTimeout;
        int retries;
        int compressThreshold;
        int compressLevel;
        int maxMessageBytes;
        int defaultTopicQueueNums;
        String autoCreateTopicKey;
        FaultTolerance faultTolerance;

        Settings(ProducerOptions c) {
            group = c.group;
            sendTimeout = c.sendTimeout;
            retries = c.retries;
            compressThreshold = c.compressThreshold;
            compressLevel = c.compressLevel;
            maxMessageBytes = c.maxMessageBytes;
            defaultTopicQueueNums = c.defaultTopicQueueNums;
            autoCreateTopicKey = c.autoCreateTopicKey;
            faultTolerance = c.faultTolerance;
        }

        ProducerOptions build() {
            return new ProducerOptions(
                    group,
                    sendTimeout,
                    retries,
                    compressThreshold,
                    compressLevel,
                    maxMessageBytes,
                    defaultTopicQueueNums,
                    autoCreateTopicKey,
                    faultTolerance);
        }
    }
}
