package io.kitemq.remoting;

import io.kitemq.protocol.command.CommandFormat;
import io.kitemq.protocol.command.SerializeType;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link RemotingClient}.
 *
 * @param name thread-name prefix and log label
 * @param ioThreads Netty event-loop threads for socket I/O
 * @param callbackThreads threads that complete async calls and run handlers for requests the server sends
 * @param connectionsPerAddress connections kept to each address; requests are spread round-robin
 * @param connectTimeout how long a connection attempt may take
 * @param maxFrameBytes largest frame accepted; a longer one closes its connection
 * @param idleTimeout a connection with no traffic for this long is closed (and reopened on next use)
 * @param serializeType header serialization of the requests this client sends
 * @param preferEpoll use native epoll when available
 * @param shutdownGrace how long shutdown waits for outstanding requests before failing them
 */
public record ClientConfig(
        String name,
        int ioThreads,
        int callbackThreads,
        int connectionsPerAddress,
        Duration connectTimeout,
        int maxFrameBytes,
        Duration idleTimeout,
        SerializeType serializeType,
        boolean preferEpoll,
        Duration shutdownGrace) {

    public ClientConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(serializeType, "serializeType");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (ioThreads < 1 || callbackThreads < 1 || connectionsPerAddress < 1) {
            throw new IllegalArgumentException("ioThreads, callbackThreads and connectionsPerAddress must be >= 1");
        }
        if (maxFrameBytes < 64) {
            throw new IllegalArgumentException("maxFrameBytes must be >= 64: " + maxFrameBytes);
        }
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || idleTimeout.isNegative()
                || idleTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout and idleTimeout must be positive");
        }
    }

    /** Defaults as RocketMQ's client: one connection per address, 3 s connect, 120 s idle, JSON headers. */
    public static ClientConfig defaults(String name) {
        return new ClientConfig(
                name,
                1,
                4,
                1,
                Duration.ofSeconds(3),
                CommandFormat.DEFAULT_MAX_FRAME_BYTES,
                Duration.ofSeconds(120),
                SerializeType.JSON,
                true,
                Duration.ofSeconds(3));
    }

    public ClientConfig withSerializeType(SerializeType type) {
        return edit(b -> b.serializeType = type);
    }

    public ClientConfig withConnectionsPerAddress(int n) {
        return edit(b -> b.connectionsPerAddress = n);
    }

    public ClientConfig withConnectTimeout(Duration timeout) {
        return edit(b -> b.connectTimeout = timeout);
    }

    public ClientConfig withIdleTimeout(Duration idle) {
        return edit(b -> b.idleTimeout = idle);
    }

    public ClientConfig withShutdownGrace(Duration grace) {
        return edit(b -> b.shutdownGrace = grace);
    }

    /** A copy with {@code change} applied to its settings (validated again by the canonical constructor). */
    private ClientConfig edit(java.util.function.Consumer<Settings> change) {
        Settings b = new Settings(this);
        change.accept(b);
        return b.build();
    }

    /** The record's components as mutable fields: what the {@code withX} methods change in a copy. */
    private static final class Settings {
        String name;
        int ioThreads;
        int callbackThreads;
        int connectionsPerAddress;
        Duration connectTimeout;
        int maxFrameBytes;
        Duration idleTimeout;
        SerializeType serializeType;
        boolean preferEpoll;
        Duration shutdownGrace;

        Settings(ClientConfig c) {
            name = c.name;
            ioThreads = c.ioThreads;
            callbackThreads = c.callbackThreads;
            connectionsPerAddress = c.connectionsPerAddress;
            connectTimeout = c.connectTimeout;
            maxFrameBytes = c.maxFrameBytes;
            idleTimeout = c.idleTimeout;
            serializeType = c.serializeType;
            preferEpoll = c.preferEpoll;
            shutdownGrace = c.shutdownGrace;
        }

        ClientConfig build() {
            return new ClientConfig(
                    name,
                    ioThreads,
                    callbackThreads,
                    connectionsPerAddress,
                    connectTimeout,
                    maxFrameBytes,
                    idleTimeout,
                    serializeType,
                    preferEpoll,
                    shutdownGrace);
        }
    }
}
