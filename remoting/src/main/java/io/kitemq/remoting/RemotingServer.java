package io.kitemq.remoting;

import io.kitemq.protocol.command.RemotingCommand;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remoting server: accepts connections, decodes frames, and dispatches each request to the handler
 * registered for its code, on that handler's executor (never on the I/O threads). It can also send
 * requests to connected peers ({@link RemotingPeer#invoke}), which the broker uses for transaction
 * check-back and consumer notifications.
 *
 * <p>Lifecycle: register handlers, {@link #start()}, then {@link #shutdown()} once; shutdown stops
 * accepting, refuses new requests with SYSTEM_BUSY, waits up to the grace period for running handlers,
 * fails requests it sent that are still unanswered, closes every connection and stops its threads.
 * Thread-safe.
 */
public final class RemotingServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RemotingServer.class);

    private final ServerConfig config;
    private final WorkerPool workers;
    private final CommandDispatcher dispatcher;
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private EventLoopGroup acceptor;
    private EventLoopGroup io;
    private Channel serverChannel;
    private volatile boolean stopped;

    public RemotingServer(ServerConfig config) {
        this.config = config;
        this.workers = new WorkerPool(config.name() + "-worker", config.workerThreads(), config.workerQueueCapacity());
        this.dispatcher = new CommandDispatcher(config.name(), workers);
    }

    /** Serves {@code code} with {@code handler} on {@code executor} (null = the server's worker pool). */
    public RemotingServer registerHandler(int code, RequestHandler handler, Executor executor) {
        dispatcher.register(code, handler, executor);
        return this;
    }

    /** Serves {@code code} with {@code handler} on the server's worker pool. */
    public RemotingServer registerHandler(int code, RequestHandler handler) {
        return registerHandler(code, handler, null);
    }

    public RemotingServer addConnectionListener(ConnectionListener listener) {
        dispatcher.addListener(listener);
        return this;
    }

    /** Binds and starts serving; returns when the port is open. */
    public synchronized RemotingServer start() {
        if (serverChannel != null) {
            throw new IllegalStateException(config.name() + " already started");
        }
        EventLoops loops = EventLoops.choose(config.preferEpoll());
        acceptor = loops.group(config.name() + "-accept", 1);
        io = loops.group(config.name() + "-io", config.ioThreads());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, io)
                .channel(loops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        ch.closeFuture().addListener(f -> channels.remove(ch));
                        ch.pipeline()
                                .addLast(new IdleStateHandler(
                                        0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                                .addLast(FrameEncoder.INSTANCE)
                                .addLast(new FrameDecoder(config.maxFrameBytes()))
                                .addLast(dispatcher);
                    }
                });
        try {
            serverChannel = bootstrap
                    .bind(new InetSocketAddress(config.bindAddress(), config.port()))
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            acceptor.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            io.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownNow();
            throw new RemotingException(
                    "could not listen on " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(),
                    e,
                    false);
        }
        log.info(
                "{} listening on {} ({})",
                config.name(),
                ChannelPeer.format(serverChannel.localAddress()),
                loops.epoll() ? "epoll" : "nio");
        return this;
    }

    /** The port actually bound (useful when configured with 0). */
    public int port() {
        if (serverChannel == null) {
            throw new IllegalStateException(config.name() + " not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The connections open now. */
    public int connectionCount() {
        return channels.size();
    }

    /** Sends a request to a connected peer; see {@link RemotingPeer#invoke}. */
    public CompletableFuture<RemotingCommand> invoke(RemotingPeer peer, RemotingCommand request, Duration timeout) {
        return peer.invoke(request, timeout);
    }

    public synchronized void shutdown() {
        if (stopped || serverChannel == null) {
            stopped = true;
            return;
        }
        stopped = true;
        serverChannel.close().syncUninterruptibly();
        dispatcher.startClosing();
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        while (dispatcher.inFlight() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        if (dispatcher.inFlight() > 0) {
            log.warn(
                    "{}: {} request(s) still running after the {} grace period; closing anyway",
                    config.name(),
                    dispatcher.inFlight(),
                    config.shutdownGrace());
        }
        dispatcher.close(config.name() + " shut down");
        for (Channel ch : channels) {
            ch.close();
        }
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownAndWait(config.shutdownGrace());
        log.info("{} stopped", config.name());
    }

    @Override
    public void close() {
        shutdown();
    }
}
