package io.kitemq.remoting;

import io.kitemq.protocol.command.CommandFormat;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link RemotingServer}.
 *
 * @param name thread-name prefix and log label
 * @param bindAddress address to listen on ({@code 0.0.0.0} for all, {@code 127.0.0.1} for tests)
 * @param port port to listen on; 0 picks a free one ({@link RemotingServer#port()} tells which)
 * @param ioThreads Netty event-loop threads for socket I/O (plus one acceptor)
 * @param workerThreads threads of the default executor that runs handlers registered without their own
 * @param workerQueueCapacity requests that may wait for a default-executor thread before SYSTEM_BUSY
 * @param maxFrameBytes largest frame accepted; a longer one closes its connection
 * @param idleTimeout a connection with no traffic for this long is closed
 * @param preferEpoll use native epoll when available
 * @param shutdownGrace how long shutdown waits for running handlers
 */
public record ServerConfig(
        String name,
        String bindAddress,
        int port,
        int ioThreads,
        int workerThreads,
        int workerQueueCapacity,
        int maxFrameBytes,
        Duration idleTimeout,
        boolean preferEpoll,
        Duration shutdownGrace) {

    public ServerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (ioThreads < 1 || workerThreads < 1 || workerQueueCapacity < 1) {
            throw new IllegalArgumentException("ioThreads, workerThreads and workerQueueCapacity must be >= 1");
        }
        if (maxFrameBytes < 64) {
            throw new IllegalArgumentException("maxFrameBytes must be >= 64: " + maxFrameBytes);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
        }
    }

    /** Defaults as RocketMQ's: all addresses, 16 MiB frames, 120 s idle. */
    public static ServerConfig defaults(String name, int port) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new ServerConfig(
                name,
                "0.0.0.0",
                port,
                Math.max(1, Math.min(cores, 4)),
                8,
                10_000,
                CommandFormat.DEFAULT_MAX_FRAME_BYTES,
                Duration.ofSeconds(120),
                true,
                Duration.ofSeconds(5));
    }

    public ServerConfig withBindAddress(String address) {
        return edit(b -> b.bindAddress = address);
    }

    public ServerConfig withMaxFrameBytes(int bytes) {
        return edit(b -> b.maxFrameBytes = bytes);
    }

    public ServerConfig withIdleTimeout(Duration idle) {
        return edit(b -> b.idleTimeout = idle);
    }

    public ServerConfig withWorkers(int threads, int queueCapacity) {
        return edit(b -> {
            b.workerThreads = threads;
            b.workerQueueCapacity = queueCapacity;
        });
    }

    public ServerConfig withShutdownGrace(Duration grace) {
        return edit(b -> b.shutdownGrace = grace);
    }

    /** A copy with {@code change} applied to its settings (validated again by the canonical constructor). */
    private ServerConfig edit(java.util.function.Consumer<Settings> change) {
        Settings b = new Settings(this);
        change.accept(b);
        return b.build();
    }

    /** The record's components as mutable fields: what the {@code withX} methods change in a copy. */
    private static final class Settings {
        String name;
        String bindAddress;
        int port;
        int ioThreads;
        int workerThreads;
        int workerQueueCapacity;
        int maxFrameBytes;
        Duration idleTimeout;
        boolean preferEpoll;
        Duration shutdownGrace;

        Settings(ServerConfig c) {
            name = c.name;
            bindAddress = c.bindAddress;
            port = c.port;
            ioThreads = c.ioThreads;
            workerThreads = c.workerThreads;
            workerQueueCapacity = c.workerQueueCapacity;
            maxFrameBytes = c.maxFrameBytes;
            idleTimeout = c.idleTimeout;
            preferEpoll = c.preferEpoll;
            shutdownGrace = c.shutdownGrace;
        }

        ServerConfig build() {
            return new ServerConfig(
                    name,
                    bindAddress,
                    port,
                    ioThreads,
                    workerThreads,
                    workerQueueCapacity,
                    maxFrameBytes,
                    idleTimeout,
                    preferEpoll,
                    shutdownGrace);
        }
    }
}
