package io.kitemq.remoting;

import java.net.InetSocketAddress;

/**
 * Parses the {@code host:port} (or {@code [ipv6]:port}) addresses used throughout RocketMQ.
 *
 * <p>Stateless and thread-safe.
 */
public final class PeerAddress {

    private PeerAddress() {}

    /** An unresolved socket address for {@code host:port}; a clear error when it is not one. */
    public static InetSocketAddress parse(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("address is empty");
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("address is not host:port: " + address);
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address has no numeric port: " + address);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("address port out of range: " + address);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
