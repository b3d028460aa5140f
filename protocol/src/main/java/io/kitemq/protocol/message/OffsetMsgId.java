package io.kitemq.protocol.message;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The broker-assigned message id (PROTOCOL.md §8): upper-case hex of the store host's IP (4 or 16
 * bytes), its port (4 bytes) and the record's CommitLog offset (8 bytes) — 32 hex digits for IPv4, 56
 * for IPv6. It is the {@code msgId} of a send response and of a pulled {@link MessageExt}; clients
 * decode it to find the broker and the offset for VIEW_MESSAGE_BY_ID. Same text as RocketMQ's
 * {@code MessageDecoder.createMessageId}.
 *
 * <p>Immutable and thread-safe.
 */
public record OffsetMsgId(InetSocketAddress storeHost, long commitLogOffset) {

    /** Length of an id with an IPv4 store host. */
    public static final int IPV4_LENGTH = 32;
    /** Length of an id with an IPv6 store host. */
    public static final int IPV6_LENGTH = 56;

    public OffsetMsgId {
        Objects.requireNonNull(storeHost, "storeHost");
        if (storeHost.getAddress() == null) {
            throw new IllegalArgumentException("store host must be a resolved address: " + storeHost);
        }
    }

    /** The id text. */
    public String encode() {
        return encode(storeHost, commitLogOffset);
    }

    /** The store host as {@code ip:port}, the form clients connect to. */
    public String brokerAddress() {
        return storeHost.getAddress().getHostAddress() + ":" + storeHost.getPort();
    }

    /** The id text for a resolved {@code storeHost} and {@code commitLogOffset}. */
    public static String encode(InetSocketAddress storeHost, long commitLogOffset) {
        byte[] ip = storeHost.getAddress().getAddress();
        byte[] text = new byte[(ip.length + 4 + 8) * 2];
        int p = Hex.putBytes(text, 0, ip);
        p = Hex.putBits(text, p, storeHost.getPort(), 4);
        Hex.putBits(text, p, commitLogOffset, 8);
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    /**
     * The id text from a host field already in wire form — {@code ipLength} (4 or 16) IP bytes then a
     * 4-byte port at absolute index {@code hostIndex} of {@code src}, as in a stored record — without
     * creating an {@link InetAddress}. The buffer's position is not changed.
     */
    public static String encode(ByteBuffer src, int hostIndex, int ipLength, long commitLogOffset) {
        byte[] text = new byte[(ipLength + 4 + 8) * 2];
        int p = Hex.putBytes(text, 0, src, hostIndex, ipLength + 4);
        Hex.putBits(text, p, commitLogOffset, 8);
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    /**
     * Parses an id (either case).
     *
     * @throws IllegalArgumentException when it is not 32 or 56 hex digits or its port is out of range
     */
    public static OffsetMsgId decode(String id) {
        Objects.requireNonNull(id, "offsetMsgId");
        if (id.length() != IPV4_LENGTH && id.length() != IPV6_LENGTH) {
            throw new IllegalArgumentException("offsetMsgId must be " + IPV4_LENGTH + " (IPv4) or " + IPV6_LENGTH
                    + " (IPv6) hex digits, got " + id.length() + ": '" + id + "'");
        }
        ByteBuffer bytes = ByteBuffer.wrap(Hex.decode(id, "offsetMsgId"));
        int ipLength = id.length() == IPV4_LENGTH ? 4 : 16;
        byte[] ip = new byte[ipLength];
        bytes.get(ip);
        int port = bytes.getInt();
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("offsetMsgId has port " + port + " out of range: '" + id + "'");
        }
        return new OffsetMsgId(new InetSocketAddress(address(ip), port), bytes.getLong());
    }

    /** Whether {@code storeHost} is IPv4, i.e. the id is {@value #IPV4_LENGTH} digits long. */
    public boolean isIpv4() {
        return storeHost.getAddress() instanceof Inet4Address;
    }

    /**
     * The address for 4 or 16 raw bytes. 16 bytes always give an {@link Inet6Address}, even for an
     * IPv4-mapped address, so that the address family read from a record survives re-encoding.
     */
    static InetAddress address(byte[] ip) {
        try {
            return ip.length == 16 ? Inet6Address.getByAddress(null, ip, -1) : InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an IP address of " + ip.length + " bytes", e); // 4 or 16 never fail
        }
    }
}
