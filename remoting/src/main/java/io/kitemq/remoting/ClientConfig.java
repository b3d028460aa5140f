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
        return new ClientConfig(
                name,
                ioThreads,
                callbackThreads,
                connectionsPerAddress,
                connectTimeout,
                maxFrameBytes,
                idleTimeout,
                type,
                preferEpoll,
                shutdownGrace);
    }

    public ClientConfig withConnectionsPerAddress(int n) {
        return new ClientConfig(
                name,
                ioThreads,
                callbackThreads,
                n,
                connectTimeout,
                maxFrameBytes,
                idleTimeout,
                serializeType,
                preferEpoll,
                shutdownGrace);
    }

    public ClientConfig withConnectTimeout(Duration timeout) {
        return new ClientConfig(
                name,
                ioThreads,
                callbackThreads,
                connectionsPerAddress,
                timeout,
                maxFrameBytes,
                idleTimeout,
                serializeType,
                preferEpoll,
                shutdownGrace);
    }

    public ClientConfig withIdleTimeout(Duration idle) {
        return new ClientConfig(
                name,
                ioThreads,
                callbackThreads,
                connectionsPerAddress,
                connectTimeout,
                maxFrameBytes,
                idle,
                serializeType,
                preferEpoll,
                shutdownGrace);
    }

    public ClientConfig withShutdownGrace(Duration grace) {
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
                grace);
    }
}
