package io.kitemq.remoting;

import io.kitemq.protocol.command.RemotingCommand;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link RemotingPeer} over one Netty channel; one instance per channel, kept in a channel attribute.
 *
 * <p>Thread-safe (Netty channels are).
 */
final class ChannelPeer implements RemotingPeer {

    private static final AttributeKey<ChannelPeer> KEY = AttributeKey.valueOf("kitemq.peer");

    private final Channel channel;
    private final String address;
    private final CommandDispatcher dispatcher;

    private ChannelPeer(Channel channel, CommandDispatcher dispatcher) {
        this.channel = channel;
        this.address = format(channel.remoteAddress());
        this.dispatcher = dispatcher;
    }

    static ChannelPeer of(Channel channel, CommandDispatcher dispatcher) {
        ChannelPeer peer = channel.attr(KEY).get();
        if (peer == null) {
            ChannelPeer created = new ChannelPeer(channel, dispatcher);
            peer = channel.attr(KEY).setIfAbsent(created);
            if (peer == null) {
                peer = created;
            }
        }
        return peer;
    }

    static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    Channel channel() {
        return channel;
    }

    @Override
    public String remoteAddress() {
        return address;
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    @Override
    public void respond(RemotingCommand request, RemotingCommand response) {
        dispatcher.writeResponse(channel, address, request, response);
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
        return dispatcher.invoke(channel, address, request, timeout, timeout);
    }

    @Override
    public CompletableFuture<Void> invokeOneway(RemotingCommand request) {
        return dispatcher.invokeOneway(channel, address, request);
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return "peer " + address;
    }
}
