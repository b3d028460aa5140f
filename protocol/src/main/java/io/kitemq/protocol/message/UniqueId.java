package io.kitemq.protocol.message;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The fields of a client-assigned message id (UNIQ_KEY, see {@link UniqueIdGenerator}): the producer's
 * IP, pid (low 16 bits), class-loader hash, milliseconds since the start of the month it was made in,
 * and counter.
 *
 * <p>Immutable and thread-safe.
 *
 * @param millisInMonth the 4-byte time field read as unsigned
 */
public record UniqueId(InetAddress ip, int pid, int classLoaderHash, long millisInMonth, int counter) {

    /** Length of an id made on an IPv4 host. */
    public static final int IPV4_LENGTH = 32;
    /** Length of an id made on an IPv6 host. */
    public static final int IPV6_LENGTH = 56;

    public UniqueId {
        Objects.requireNonNull(ip, "ip");
    }

    /**
     * Parses an id of 32 or 56 hex digits (either case).
     *
     * @throws IllegalArgumentException for any other length or a non-hex character
     */
    public static UniqueId parse(String id) {
        Objects.requireNonNull(id, "unique id");
        if (id.length() != IPV4_LENGTH && id.length() != IPV6_LENGTH) {
            throw new IllegalArgumentException("unique message id must be " + IPV4_LENGTH + " or " + IPV6_LENGTH
                    + " hex digits, got " + id.length() + ": '" + id + "'");
        }
        ByteBuffer bytes = ByteBuffer.wrap(Hex.decode(id, "unique message id"));
        byte[] ip = new byte[id.length() == IPV4_LENGTH ? 4 : 16];
        bytes.get(ip);
        int pid = bytes.getShort() & 0xFFFF;
        int classLoaderHash = bytes.getInt();
        long millis = bytes.getInt() & 0xFFFFFFFFL;
        int counter = bytes.getShort() & 0xFFFF;
        return new UniqueId(OffsetMsgId.address(ip), pid, classLoaderHash, millis, counter);
    }

    /** The approximate creation time, relative to the system clock and zone. */
    public Instant nearlyTime() {
        return nearlyTime(Clock.systemDefaultZone());
    }

    /**
     * The approximate creation time, as RocketMQ's {@code getNearlyTimeFromID} computes it: the start of
     * the current month (in the clock's zone) plus the time field, or the start of the previous month
     * plus it when that would lie in the future. Assumes the id is less than a month old and was made in
     * the same zone. One deliberate difference: RocketMQ also picks the previous month when the sum is
     * exactly now, so an id read in the millisecond it was made comes out a month early; here it does
     * not.
     */
    public Instant nearlyTime(Clock clock) {
        Instant now = clock.instant();
        ZonedDateTime monthStart = now.atZone(clock.getZone()).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
        long startMs = monthStart.toInstant().toEpochMilli();
        if (startMs + millisInMonth > now.toEpochMilli()) {
            startMs = monthStart.minusMonths(1).toInstant().toEpochMilli();
        }
        return Instant.ofEpochMilli(startMs + millisInMonth);
    }
}
