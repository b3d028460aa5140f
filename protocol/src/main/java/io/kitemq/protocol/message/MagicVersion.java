package io.kitemq.protocol.message;

import io.kitemq.protocol.ProtocolException;

/**
 * The stored-record versions, told apart by the MAGICCODE field (RocketMQ's {@code MessageVersion}):
 * V1 has a 1-byte topic length, V2 a 2-byte one. A RocketMQ 5 broker stores V2 only when a topic is
 * longer than 127 characters ({@code autoMessageVersionOnTopicLen}, default on); older clients cannot
 * decode V2 records, so V1 is the normal case. Both lengths are read as signed numbers, which caps a
 * topic at 127 bytes in V1 and 32767 bytes in V2.
 *
 * <p>Immutable and thread-safe.
 */
public enum MagicVersion {
    V1(0xDAA320A7, 1, Byte.MAX_VALUE),
    V2(0xDAA320AB, 2, Short.MAX_VALUE);

    private final int magicCode;
    private final int topicLengthSize;
    private final int maxTopicLength;

    MagicVersion(int magicCode, int topicLengthSize, int maxTopicLength) {
        this.magicCode = magicCode;
        this.topicLengthSize = topicLengthSize;
        this.maxTopicLength = maxTopicLength;
    }

    public int magicCode() {
        return magicCode;
    }

    /** Size in bytes of the topic length field. */
    public int topicLengthSize() {
        return topicLengthSize;
    }

    /** Largest topic, in UTF-8 bytes, the version can hold. */
    public int maxTopicLength() {
        return maxTopicLength;
    }

    /**
     * The version RocketMQ picks for a topic of {@code topicLength} bytes: V2 above 127, else V1. (RocketMQ
     * counts characters; topic names are ASCII, where the two agree.)
     */
    public static MagicVersion forTopicLength(int topicLength) {
        return topicLength > Byte.MAX_VALUE ? V2 : V1;
    }

    /** The version with {@code magicCode}, or {@code null} when it is neither. */
    public static MagicVersion ofMagicCodeOrNull(int magicCode) {
        if (magicCode == V1.magicCode) {
            return V1;
        }
        return magicCode == V2.magicCode ? V2 : null;
    }

    /**
     * The version with {@code magicCode}.
     *
     * @throws ProtocolException when it is neither
     */
    public static MagicVersion ofMagicCode(int magicCode) {
        MagicVersion version = ofMagicCodeOrNull(magicCode);
        if (version == null) {
            throw new ProtocolException(String.format("unknown stored message magic code 0x%08X", magicCode));
        }
        return version;
    }
}
