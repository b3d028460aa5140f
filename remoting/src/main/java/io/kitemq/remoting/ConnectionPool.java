package io.kitemq.remoting;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The client's connections: a fixed number of slots per address, filled lazily, spread round-robin,
 * and reopened on next use once closed. Connecting never blocks the caller.
 *
 * <p>Thread-safe.
 */
final class ConnectionPool {

    private final Bootstrap bootstrap;
    private final int perAddress;
    private final Map<String, Slots> byAddress = new ConcurrentHashMap<>();

    ConnectionPool(Bootstrap bootstrap, int perAddress) {
        this.bootstrap = bootstrap;
        this.perAddress = perAddress;
    }

    private static final class Slots {
        /** Written under the Slots lock, read without it (the array gives volatile reads). */
        final AtomicReferenceArray<ChannelFuture> futures;

        final AtomicInteger next = new AtomicInteger();

        Slots(int n) {
            futures = new AtomicReferenceArray<>(n);
        }
    }

    /**
     * A connected channel to {@code address} from the next slot if that slot holds one now, else null
     * (then use {@link #acquire}). Allocates nothing: the common path of every request.
     */
    Channel ready(String address) {
        Slots slots = byAddress.get(address);
        if (slots == null) {
            return null;
        }
        ChannelFuture f = slots.futures.get(Math.floorMod(slots.next.getAndIncrement(), perAddress));
        return f != null && f.isSuccess() && f.channel().isActive() ? f.channel() : null;
    }

    /** A connected channel to {@code address}; fails with a {@link RemotingException.ConnectException}. */
    CompletableFuture<Channel> acquire(String address) {
        Slots slots = byAddress.computeIfAbsent(address, a -> new Slots(perAddress));
        int i = Math.floorMod(slots.next.getAndIncrement(), perAddress);
        ChannelFuture f;
        synchronized (slots) {
            f = slots.futures.get(i);
            if (f == null || (f.isDone() && (!f.isSuccess() || !f.channel().isActive()))) {
                InetSocketAddress target;
                try {
                    target = PeerAddress.parse(address);
                } catch (IllegalArgumentException e) {
                    return CompletableFuture.failedFuture(new RemotingException.ConnectException(e.getMessage(), e));
                }
                f = bootstrap.connect(new InetSocketAddress(target.getHostString(), target.getPort()));
                slots.futures.set(i, f);
            }
        }
        CompletableFuture<Channel> result = new CompletableFuture<>();
        f.addListener((ChannelFuture done) -> {
            if (done.isSuccess()) {
                result.complete(done.channel());
            } else {
                result.completeExceptionally(new RemotingException.ConnectException(
                        "could not connect to " + address + ": " + done.cause(), done.cause()));
            }
        });
        return result;
    }

    /** Closes every connection to {@code address} (the next use reconnects). */
    void close(String address) {
        Slots slots = byAddress.remove(address);
        if (slots != null) {
            synchronized (slots) {
                for (int i = 0; i < slots.futures.length(); i++) {
                    ChannelFuture f = slots.futures.get(i);
                    if (f != null) {
                        f.channel().close();
                    }
                }
            }
        }
    }

    void closeAll() {
        for (String address : byAddress.keySet()) {
            close(address);
        }
    }

    int openConnections() {
        int n = 0;
        for (Slots slots : byAddress.values()) {
            synchronized (slots) {
                for (int i = 0; i < slots.futures.length(); i++) {
                    ChannelFuture f = slots.futures.get(i);
                    if (f != null && f.channel().isActive()) {
                        n++;
                    }
                }
            }
        }
        return n;
    }
}
