package io.kitemq.store.index;

/**
 * The indexed key of a message and its hash, as RocketMQ builds them: {@code topic + "#" + key} for each
 * of the message's KEYS and for its UNIQ_KEY alike, hashed with {@link String#hashCode()} made
 * non-negative ({@code Math.abs}, with {@link Integer#MIN_VALUE} taken as 0).
 *
 * <p>The {@code (topic, text, from, to)} form hashes {@code topic + "#" + text.substring(from, to)}
 * without building either string: String.hashCode is a fold over the characters, so it can be
 * continued from the topic's hash. Stateless and thread-safe.
 */
public final class IndexKey {

    public static final char TOPIC_SEPARATOR = '#';

    private IndexKey() {}

    /** {@code topic + "#" + key}, the string whose hash is indexed. */
    public static String of(String topic, String key) {
        return topic + TOPIC_SEPARATOR + key;
    }

    /** The index hash of an already built key. */
    public static int hash(String indexKey) {
        return nonNegative(indexKey.hashCode());
    }

    /** The index hash of {@code topic + "#" + key}. */
    public static int hash(String topic, String key) {
        return hash(topic, key, 0, key.length());
    }

    /** The index hash of {@code topic + "#" + text.substring(from, to)}. */
    public static int hash(String topic, String text, int from, int to) {
        int h = 31 * topic.hashCode() + TOPIC_SEPARATOR;
        for (int i = from; i < to; i++) {
            h = 31 * h + text.charAt(i);
        }
        return nonNegative(h);
    }

    static int nonNegative(int hash) {
        int abs = Math.abs(hash);
        return abs < 0 ? 0 : abs;
    }
}
