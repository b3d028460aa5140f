package io.kitemq.protocol.message;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates the client-assigned message ids stored in property UNIQ_KEY (PROTOCOL.md §8), in the format
 * of RocketMQ's {@code MessageClientIDSetter}: upper-case hex of
 *
 * <pre>
 *   client IP        4 bytes (16 for IPv6)
 *   pid              2 bytes (low 16 bits)
 *   class loader     4 bytes (identity hash of the loader of this class)
 *   time             4 bytes: ms since the start of the current month in the clock's zone
 *   counter          2 bytes
 * </pre>
 *
 * — 32 hex digits, or 56 with an IPv6 address. {@link UniqueId#parse(String)} reads them back.
 *
 * <p>Uniqueness. Within a generator, time and counter come from one atomic 48-bit sequence that only
 * moves forward: each id takes {@code max(previous + 1, now << 16)}, so the counter restarts at 0 each
 * new millisecond, more than 65536 ids in one millisecond borrow the next one, and a clock that steps
 * back does not repeat an id. (RocketMQ instead reads the clock and a free-running counter separately
 * and clamps a slightly negative time to 0.) Across processes on one host the pid and class-loader
 * hash differ. A month after the fact the time field repeats, as in RocketMQ, where the month start is
 * recomputed the first time the clock passes it. Two generators with the same IP, pid and class-loader
 * hash would produce the same ids, which is why {@link #forThisProcess()} returns one shared instance.
 *
 * <p>Thread-safe and lock-free; {@link #next()} allocates only the id string.
 */
public final class UniqueIdGenerator {

    private record Month(long startMs, long endMs) {}

    private final byte[] prefix;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong(Long.MIN_VALUE);
    private volatile Month month;

    /**
     * @param ip the client IP, 4 or 16 bytes
     * @param pid the process id; the low 16 bits are used
     * @param classLoaderHash the fourth field; RocketMQ uses the hash code of its class loader
     * @param clock source of time and of the zone that defines "start of the month"
     */
    public UniqueIdGenerator(byte[] ip, long pid, int classLoaderHash, Clock clock) {
        if (ip.length != 4 && ip.length != 16) {
            throw new IllegalArgumentException("client IP must be 4 or 16 bytes, got " + ip.length);
        }
        this.clock = clock;
        this.prefix = new byte[(ip.length + 2 + 4) * 2];
        int p = Hex.putBytes(prefix, 0, ip);
        p = Hex.putBits(prefix, p, pid, 2);
        Hex.putBits(prefix, p, classLoaderHash, 4);
        this.month = monthOf(clock.millis());
    }

    /** The process-wide generator: this host's address, this process's pid, the system clock and zone. */
    public static UniqueIdGenerator forThisProcess() {
        return Shared.INSTANCE;
    }

    private static final class Shared {
        static final UniqueIdGenerator INSTANCE = new UniqueIdGenerator(
                localIp(),
                ProcessHandle.current().pid(),
                System.identityHashCode(UniqueIdGenerator.class.getClassLoader()),
                Clock.systemDefaultZone());
    }

    /** Length of the ids this generator makes: 32 or 56. */
    public int idLength() {
        return prefix.length + 12;
    }

    /** A new id. */
    public String next() {
        long now = clock.millis();
        long tick;
        long previous;
        do {
            previous = sequence.get();
            tick = Math.max(previous + 1, now << 16);
        } while (!sequence.compareAndSet(previous, tick));
        long ms = tick >>> 16;
        Month current = month;
        if (ms < current.startMs() || ms >= current.endMs()) {
            current = monthOf(ms);
            month = current;
        }
        byte[] id = new byte[prefix.length + 12];
        System.arraycopy(prefix, 0, id, 0, prefix.length);
        int p = Hex.putBits(id, prefix.length, ms - current.startMs(), 4);
        Hex.putBits(id, p, tick, 2);
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    private Month monthOf(long epochMs) {
        ZonedDateTime start = Instant.ofEpochMilli(epochMs)
                .atZone(clock.getZone())
                .withDayOfMonth(1)
                .truncatedTo(ChronoUnit.DAYS);
        return new Month(
                start.toInstant().toEpochMilli(),
                start.plusMonths(1).toInstant().toEpochMilli());
    }

    /**
     * This host's address the way RocketMQ's {@code UtilAll.getIP} prefers it: a public IPv4 address,
     * else a private non-loopback IPv4 one, else a global IPv6 one; when there is none, 4 bytes derived
     * from the current time (RocketMQ's fake IP).
     */
    static byte[] localIp() {
        byte[] privateV4 = null;
        byte[] globalV6 = null;
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()) {
                        continue;
                    }
                    if (address instanceof Inet4Address) {
                        if (!address.isSiteLocalAddress()) {
                            return address.getAddress();
                        }
                        privateV4 = privateV4 == null ? address.getAddress() : privateV4;
                    } else if (address instanceof Inet6Address && !address.isSiteLocalAddress() && globalV6 == null) {
                        globalV6 = address.getAddress();
                    }
                }
            }
        } catch (SocketException | RuntimeException e) {
            // no usable interface list: fall through to the fake address
        }
        if (privateV4 != null) {
            return privateV4;
        }
        return globalV6 != null
                ? globalV6
                : ByteBuffer.allocate(4)
                        .putInt((int) System.currentTimeMillis())
                        .array();
    }
}
