package io.kitemq.nameserver.handler;

/**
 * Hooks through which the NameServer reports what an operator graphs; the Boot shell binds them to
 * Micrometer. Implementations must be thread-safe and cheap. Defaults are no-ops.
 */
public interface NameServerMetrics {

    NameServerMetrics NONE = new NameServerMetrics() {};

    /** A GET_ROUTEINFO_BY_TOPIC was answered; {@code found} false means TOPIC_NOT_EXIST. */
    default void routeLookup(boolean found) {}

    /** A REGISTER_BROKER was accepted (first registration or heartbeat). */
    default void registration() {}
}
