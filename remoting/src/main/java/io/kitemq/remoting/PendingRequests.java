package io.kitemq.remoting;

import io.kitemq.protocol.command.RemotingCommand;
import io.netty.channel.Channel;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests this endpoint sent and still waits for, keyed by opaque: assigns opaques, completes a
 * request when its response arrives, fails it when its timeout passes or its channel closes, and fails
 * all of them at shutdown. Timeouts run on a hashed-wheel timer (10 ms ticks) owned by this object.
 *
 * <p>Thread-safe.
 */
final class PendingRequests {

    private final ConcurrentHashMap<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextOpaque = new AtomicInteger();
    private final HashedWheelTimer timer;

    PendingRequests(String name) {
        this.timer = new HashedWheelTimer(new DefaultThreadFactory(name + "-timeout", true), 10, TimeUnit.MILLISECONDS);
    }

    /** One awaited response; {@code timeout} is null when the caller enforces the timeout itself. */
    private record Pending(CompletableFuture<RemotingCommand> future, Channel channel, String peer, Timeout timeout) {
        void cancelTimer() {
            if (timeout != null) {
                timeout.cancel();
            }
        }
    }

    /**
     * Assigns an opaque to {@code request}, registers it and returns the future of its response. The
     * caller writes the request afterwards and calls {@link #fail} if the write fails. With a null
     * {@code remaining} no timer is set: a synchronous caller waits with its own timeout and calls
     * {@link #timedOut} when it passes, which saves a timer entry per call.
     */
    CompletableFuture<RemotingCommand> register(
            RemotingCommand request, Channel channel, String peer, Duration remaining, Duration timeout) {
        int opaque = nextOpaque.incrementAndGet();
        request.opaque(opaque);
        CompletableFuture<RemotingCommand> future = new CompletableFuture<>();
        Timeout t = null;
        if (remaining != null) {
            t = timer.newTimeout(
                    ignored -> timedOut(opaque, request.code(), peer, timeout),
                    Math.max(1, remaining.toMillis()),
                    TimeUnit.MILLISECONDS);
        }
        pending.put(opaque, new Pending(future, channel, peer, t));
        return future;
    }

    /** Fails the request with {@code opaque} as timed out, if it still waits. */
    void timedOut(int opaque, int code, String peer, Duration timeout) {
        fail(
                opaque,
                new RemotingException.TimeoutException("no response from " + peer + " to request code " + code
                        + " within " + timeout.toMillis() + " ms"));
    }

    /** Completes the request this response answers; false when nobody waits for it (late or unknown). */
    boolean complete(RemotingCommand response) {
        Pending p = pending.remove(response.opaque());
        if (p == null) {
            return false;
        }
        p.cancelTimer();
        p.future.complete(response);
        return true;
    }

    void fail(int opaque, RemotingException cause) {
        Pending p = pending.remove(opaque);
        if (p != null) {
            p.cancelTimer();
            p.future.completeExceptionally(cause);
        }
    }

    /** Fails, at once, every request waiting on {@code channel}. */
    void failChannel(Channel channel, String reason) {
        for (Iterator<Map.Entry<Integer, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Pending> e = it.next();
            Pending p = e.getValue();
            if (p.channel == channel && pending.remove(e.getKey(), p)) {
                p.cancelTimer();
                p.future.completeExceptionally(new RemotingException.SendException(
                        "connection to " + p.peer + " closed before the response: " + reason, null));
            }
        }
    }

    int size() {
        return pending.size();
    }

    /** Fails everything still pending and stops the timer thread. */
    void close(String reason) {
        for (Integer opaque : pending.keySet()) {
            Pending p = pending.remove(opaque);
            if (p != null) {
                p.cancelTimer();
                p.future.completeExceptionally(
                        new RemotingException.ShutdownException("request to " + p.peer + " abandoned: " + reason));
            }
        }
        timer.stop();
    }
}
