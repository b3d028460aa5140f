package io.kitemq.protocol.body;

/**
 * The version of a broker's topic configuration, sent with every registration so the NameServer can
 * tell whether anything changed: a timestamp of the last change, a change counter, and a state version
 * (used by RocketMQ's controller mode, otherwise 0). Equal versions mean unchanged configuration.
 *
 * <p>Immutable and thread-safe.
 */
public record DataVersion(long stateVersion, long timestamp, long counter) {

    /** The version of a configuration that was never changed. */
    public static final DataVersion ZERO = new DataVersion(0, 0, 0);

    /** A first version stamped at {@code timestampMs}, counter 0 (RocketMQ's {@code new DataVersion()}). */
    public static DataVersion startingAt(long timestampMs) {
        return new DataVersion(0, timestampMs, 0);
    }

    /** The version after one more change at {@code timestampMs}: counter + 1, same state version. */
    public DataVersion next(long timestampMs) {
        return new DataVersion(stateVersion, timestampMs, counter + 1);
    }

    /** The version after one more change now (wall clock). */
    public DataVersion next() {
        return next(System.currentTimeMillis());
    }
}
