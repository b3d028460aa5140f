package io.kitemq.remoting;

import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of an endpoint (server or client) that both share: routes every inbound command — a
 * response to the request that waits for it, a request to the handler registered for its code on that
 * handler's executor — writes responses, sends requests over a channel, and reports connection events.
 *
 * <p>Unknown codes get {@code REQUEST_CODE_NOT_SUPPORTED}, handler exceptions {@code SYSTEM_ERROR}, a full
 * executor {@code SYSTEM_BUSY}; a broken frame or an I/O error closes only its own connection. Shared by
 * all channels of the endpoint; thread-safe.
 */
@ChannelHandler.Sharable
final class CommandDispatcher extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);

    private record Registration(RequestHandler handler, Executor executor) {}

    private final String name;
    private final Executor defaultExecutor;
    private final Map<Integer, Registration> handlers = new ConcurrentHashMap<>();
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final PendingRequests pending;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closing;

    CommandDispatcher(String name, Executor defaultExecutor) {
        this.name = name;
        this.defaultExecutor = defaultExecutor;
        this.pending = new PendingRequests(name);
    }

    void register(int code, RequestHandler handler, Executor executor) {
        handlers.put(code, new Registration(handler, executor == null ? defaultExecutor : executor));
    }

    void addListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    /** Requests being handled now (handler running or its response being written). */
    int inFlight() {
        return inFlight.get();
    }

    int pendingResponses() {
        return pending.size();
    }

    /** From now on requests are refused with SYSTEM_BUSY and nothing new is sent. */
    void startClosing() {
        closing = true;
    }

    void close(String reason) {
        closing = true;
        pending.close(reason);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ChannelPeer peer = ChannelPeer.of(ctx.channel(), this);
        listeners.forEach(l -> l.onConnect(peer));
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ChannelPeer peer = ChannelPeer.of(ctx.channel(), this);
        pending.failChannel(ctx.channel(), "channel inactive");
        listeners.forEach(l -> l.onClose(peer));
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ChannelPeer peer = ChannelPeer.of(ctx.channel(), this);
            log.info("{}: closing idle connection to {}", name, peer.remoteAddress());
            listeners.forEach(l -> l.onIdle(peer));
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ChannelPeer peer = ChannelPeer.of(ctx.channel(), this);
        log.warn("{}: closing connection to {}: {}", name, peer.remoteAddress(), describe(cause));
        listeners.forEach(l -> l.onException(peer, cause));
        ctx.close();
    }

    private static String describe(Throwable t) {
        Throwable root =
                t.getCause() != null && t instanceof io.netty.handler.codec.DecoderException ? t.getCause() : t;
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        RemotingCommand cmd = (RemotingCommand) msg;
        if (cmd.isResponse()) {
            if (!pending.complete(cmd)) {
                log.debug(
                        "{}: response with opaque {} from {} has no waiting request (late?)",
                        name,
                        cmd.opaque(),
                        ChannelPeer.of(ctx.channel(), this).remoteAddress());
            }
        } else {
            dispatch(ChannelPeer.of(ctx.channel(), this), cmd);
        }
    }

    private void dispatch(ChannelPeer peer, RemotingCommand request) {
        Registration reg = handlers.get(request.code());
        if (reg == null) {
            log.warn("{}: request code {} from {} is not supported", name, request.code(), peer.remoteAddress());
            answer(
                    peer,
                    request,
                    RemotingCommand.response(
                            ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                            "request code " + request.code() + " not supported"));
            return;
        }
        if (closing) {
            answer(peer, request, RemotingCommand.response(ResponseCode.SYSTEM_BUSY, name + " is shutting down"));
            return;
        }
        inFlight.incrementAndGet();
        try {
            reg.executor.execute(() -> run(reg.handler, peer, request));
        } catch (RejectedExecutionException e) {
            inFlight.decrementAndGet();
            answer(
                    peer,
                    request,
                    RemotingCommand.response(
                            ResponseCode.SYSTEM_BUSY,
                            "too many requests and the thread pool for code " + request.code()
                                    + " is busy; try again later"));
        }
    }

    private void run(RequestHandler handler, ChannelPeer peer, RemotingCommand request) {
        try {
            RemotingCommand response;
            try {
                response = handler.handle(peer, request);
            } catch (Exception | LinkageError | AssertionError e) {
                log.warn(
                        "{}: handler for code {} failed on a request from {}",
                        name,
                        request.code(),
                        peer.remoteAddress(),
                        e);
                response = RemotingCommand.response(
                        ResponseCode.SYSTEM_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            if (response != null) {
                answer(peer, request, response);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void answer(ChannelPeer peer, RemotingCommand request, RemotingCommand response) {
        writeResponse(peer.channel(), peer.remoteAddress(), request, response);
    }

    void writeResponse(Channel channel, String address, RemotingCommand request, RemotingCommand response) {
        if (request.isOneway()) {
            return;
        }
        response.respondingTo(request);
        channel.writeAndFlush(response).addListener(f -> {
            if (!f.isSuccess()) {
                log.warn(
                        "{}: could not write the response to request code {} (opaque {}) to {}: {}",
                        name,
                        request.code(),
                        request.opaque(),
                        address,
                        f.cause() == null ? "channel closed" : f.cause().toString());
            }
        });
    }

    /**
     * Sends a request and registers it for its response. {@code remaining} is what is left of the
     * caller's {@code timeout} (connecting may have used some); the timeout error states the latter.
     * A null {@code remaining} sets no timer: the caller must call {@link #timedOut} itself.
     */
    CompletableFuture<RemotingCommand> invoke(
            Channel channel, String address, RemotingCommand request, Duration remaining, Duration timeout) {
        if (closing) {
            return CompletableFuture.failedFuture(new RemotingException.ShutdownException(name + " is shut down"));
        }
        CompletableFuture<RemotingCommand> future = pending.register(request, channel, address, remaining, timeout);
        int opaque = request.opaque();
        channel.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                pending.fail(
                        opaque,
                        new RemotingException.SendException(
                                "could not send request code " + request.code() + " to " + address, f.cause()));
            }
        });
        return future;
    }

    void timedOut(RemotingCommand request, String address, Duration timeout) {
        pending.timedOut(request.opaque(), request.code(), address, timeout);
    }

    CompletableFuture<Void> invokeOneway(Channel channel, String address, RemotingCommand request) {
        if (closing) {
            return CompletableFuture.failedFuture(new RemotingException.ShutdownException(name + " is shut down"));
        }
        request.markOneway();
        CompletableFuture<Void> written = new CompletableFuture<>();
        channel.writeAndFlush(request).addListener(f -> {
            if (f.isSuccess()) {
                written.complete(null);
            } else {
                written.completeExceptionally(new RemotingException.SendException(
                        "could not send oneway request code " + request.code() + " to " + address, f.cause()));
            }
        });
        return written;
    }
}
