package io.kitemq.protocol.message;

/**
 * The tag hash code that the ConsumeQueue stores per message and that subscriptions compare against
 * (their {@code codeSet}): RocketMQ's {@code MessageExtBrokerInner.tagsString2tagsCode} — 0 for a
 * missing or empty tag, otherwise {@code String.hashCode()} widened to {@code long} (so it may be
 * negative). The whole TAGS value is hashed, even if it looks like several tags.
 *
 * <p>Stateless and thread-safe.
 */
public final class TagHash {

    private TagHash() {}

    public static long of(String tags) {
        return tags == null || tags.isEmpty() ? 0L : tags.hashCode();
    }
}
