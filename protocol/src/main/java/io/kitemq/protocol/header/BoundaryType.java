package io.kitemq.protocol.header;

/**
 * Which offset {@code SEARCH_OFFSET_BY_TIMESTAMP} returns when several messages share the timestamp: the first
 * ({@link #LOWER}) or the last ({@link #UPPER}). On the wire it is the constant's name; reading accepts any case and,
 * like RocketMQ, reads every text other than {@code "upper"} as {@link #LOWER}.
 *
 * <p>Immutable and thread-safe.
 */
public enum BoundaryType {
    LOWER,
    UPPER;

    /** The text written into extFields. */
    public String wireName() {
        return name();
    }

    /** Parses the wire text; null stays null (the field is optional). */
    public static BoundaryType fromWire(String text) {
        if (text == null) {
            return null;
        }
        return "upper".equalsIgnoreCase(text) ? UPPER : LOWER;
    }
}
