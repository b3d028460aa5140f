package io.kitemq.remoting;

import io.kitemq.protocol.command.RemotingCommand;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remoting client: sends requests to servers by address ({@code host:port}) over pooled connections,
 * correlates responses by opaque, enforces timeouts, fails pending requests at once when their
 * connection closes, and serves requests the server sends back (register handlers for them).
 *
 * <p>Async results complete on the client's callback threads, never on an I/O thread, so callers may
 * block in their continuations. Each client owns its connections and threads; {@link #shutdown()}
 * waits up to the grace period for outstanding requests, fails the rest, and releases everything.
 * Thread-safe.
 */
public final class RemotingClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RemotingClient.class);

    private final ClientConfig config;
    private final EventLoopGroup io;
    private final WorkerPool callbacks;
    private final CommandDispatcher dispatcher;
    private final ConnectionPool pool;
    private volatile boolean stopped;

    public RemotingClient(ClientConfig config) {
        this.config = config;
        EventLoops loops = EventLoops.choose(config.preferEpoll());
        this.io = loops.group(config.name() + "-io", config.ioThreads());
        this.callbacks = new WorkerPool(config.name() + "-callback", config.callbackThreads(), 65_536);
        this.dispatcher = new CommandDispatcher(config.name(), callbacks);
        Bootstrap bootstrap = new Bootstrap()
                .group(io)
                .channel(loops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        config.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new IdleStateHandler(
                                        0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                                .addLast(FrameEncoder.INSTANCE)
                                .addLast(new FrameDecoder(config.maxFrameBytes()))
                                .addLast(dispatcher);
                    }
                });
        this.pool = new ConnectionPool(bootstrap, config.connectionsPerAddress());
    }

    /** Serves requests with {@code code} that servers send to this client, on {@code executor} (null = callbacks). */
    public RemotingClient registerHandler(int code, RequestHandler handler, Executor executor) {
        dispatcher.register(code, handler, executor);
        return this;
    }

    public RemotingClient registerHandler(int code, RequestHandler handler) {
        return registerHandler(code, handler, null);
    }

    public RemotingClient addConnectionListener(ConnectionListener listener) {
        dispatcher.addListener(listener);
        return this;
    }

    /**
     * Sends {@code request} to {@code address} and completes with the response (whatever its code), or
     * fails with a {@link RemotingException}: connect, send, timeout or shutdown. The timeout counts from
     * the call, connecting included.
     */
    public CompletableFuture<RemotingCommand> invokeAsync(String address, RemotingCommand request, Duration timeout) {
        CompletableFuture<RemotingCommand> raw = invokeRaw(address, request, timeout);
        CompletableFuture<RemotingCommand> result = new CompletableFuture<>();
        raw.whenComplete((response, error) -> {
            try {
                callbacks.execute(() -> settle(result, response, error));
            } catch (RejectedExecutionException e) {
                settle(result, response, error);
            }
        });
        return result;
    }

    private static void settle(CompletableFuture<RemotingCommand> f, RemotingCommand response, Throwable error) {
        if (error != null) {
            f.completeExceptionally(unwrap(error));
        } else {
            f.complete(response);
        }
    }

    /** Like {@link #invokeAsync} but waits for the response on the calling thread. */
    public RemotingCommand invokeSync(String address, RemotingCommand request, Duration timeout) {
        if (stopped) {
            throw new RemotingException.ShutdownException(config.name() + " is shut down");
        }
        Channel ready = pool.ready(address);
        if (ready == null) {
            return await(address, request, timeout, invokeRaw(address, request, timeout));
        }
        request.serializeType(config.serializeType());
        // no timer entry: this thread waits with the timeout and reports it itself
        CompletableFuture<RemotingCommand> f = dispatcher.invoke(ready, address, request, null, timeout);
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            dispatcher.timedOut(request, address, timeout);
            return await(address, request, timeout, f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemotingException("interrupted while waiting for " + address, e, false);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    private static RemotingCommand await(
            String address, RemotingCommand request, Duration timeout, CompletableFuture<RemotingCommand> f) {
        try {
            // the pending-request timer enforces the timeout; the extra margin only guards against a lost timer
            return f.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemotingException("interrupted while waiting for " + address, e, false);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new RemotingException.TimeoutException("no response from " + address + " to request code "
                    + request.code() + " within " + timeout.toMillis() + " ms");
        }
    }

    /** Sends a request that expects no response; completes once written. */
    public CompletableFuture<Void> invokeOneway(String address, RemotingCommand request) {
        if (stopped) {
            return CompletableFuture.failedFuture(
                    new RemotingException.ShutdownException(config.name() + " is shut down"));
        }
        request.serializeType(config.serializeType());
        return pool.acquire(address).thenCompose(ch -> dispatcher.invokeOneway(ch, address, request));
    }

    private CompletableFuture<RemotingCommand> invokeRaw(String address, RemotingCommand request, Duration timeout) {
        if (stopped) {
            return CompletableFuture.failedFuture(
                    new RemotingException.ShutdownException(config.name() + " is shut down"));
        }
        request.serializeType(config.serializeType());
        long deadline = System.nanoTime() + timeout.toNanos();
        Channel ready = pool.ready(address);
        if (ready != null) {
            return dispatcher.invoke(ready, address, request, timeout, timeout);
        }
        CompletableFuture<Channel> channel = pool.acquire(address);
        return channel.orTimeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
                .exceptionally(e -> {
                    throw unwrap(e) instanceof RemotingException re
                            ? re
                            : new RemotingException.ConnectException(
                                    "could not connect to " + address + " within " + timeout.toMillis() + " ms",
                                    unwrap(e));
                })
                .thenCompose(ch -> dispatcher.invoke(
                        ch,
                        address,
                        request,
                        Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())),
                        timeout));
    }

    private static RuntimeException unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RuntimeException re ? re : new RemotingException(t.toString(), t, false);
    }

    /** Closes the connections to {@code address}; the next request reconnects. */
    public void closeConnections(String address) {
        pool.close(address);
    }

    public int openConnections() {
        return pool.openConnections();
    }

    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        while (dispatcher.pendingResponses() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        dispatcher.close(config.name() + " shut down");
        pool.closeAll();
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        callbacks.shutdownAndWait(config.shutdownGrace());
        log.debug("{} stopped", config.name());
    }

    @Override
    public void close() {
        shutdown();
    }
}
