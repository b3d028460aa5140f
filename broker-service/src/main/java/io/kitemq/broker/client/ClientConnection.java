package io.kitemq.broker.client;

import io.kitemq.protocol.command.LanguageCode;
import io.kitemq.remoting.RemotingPeer;
import java.util.Objects;

/**
 * One client as a group sees it: its id ({@code clientIP@instanceName}), the connection it last
 * heartbeated on, the language and version it announced in that request's header, and when the broker
 * last heard from it (epoch millis of the registry's clock).
 *
 * <p>Immutable and thread-safe; a heartbeat replaces the record.
 */
public record ClientConnection(
        String clientId, RemotingPeer peer, LanguageCode language, int version, long lastUpdateMillis) {

    public ClientConnection {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(peer, "peer");
        language = language == null ? LanguageCode.OTHER : language;
    }

    /** Whether the client has been silent for more than {@code timeoutMillis} at {@code nowMillis}. */
    boolean silentLongerThan(long timeoutMillis, long nowMillis) {
        return nowMillis - lastUpdateMillis > timeoutMillis;
    }
}
