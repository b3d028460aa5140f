package io.kitemq.protocol.command;

/**
 * The frame and binary-header layouts of the RocketMQ remoting protocol. All integers are big-endian.
 *
 * <pre>
 * frame:
 * +--------+---------------+----------------------+------------------+
 * | length | type | hlen   | header (hlen bytes)  | body             |
 * | 4 B    | 1 B  | 3 B    | JSON or binary       | length - 4 - hlen|
 * +--------+---------------+----------------------+------------------+
 *   length = 4 + hlen + body length; it does not count itself
 *   type   = SerializeType code (0 JSON, 1 ROCKETMQ); hlen = the lower 24 bits of the word
 *
 * binary (ROCKETMQ) header:
 * +------+------+---------+--------+------+------------+--------+-------------+----------+
 * | code | lang | version | opaque | flag | remark len | remark | extFields   | extFields|
 * | 2 B  | 1 B  | 2 B     | 4 B    | 4 B  | 4 B        | UTF-8  | total len 4B| entries  |
 * +------+------+---------+--------+------+------------+--------+-------------+----------+
 *   remark len 0 = absent; each extFields entry = key len (2 B) + key + value len (4 B) + value
 * </pre>
 *
 * <p>Constants only; thread-safe.
 */
public final class CommandFormat {

    /** Bytes of the length field that starts every frame. */
    public static final int LENGTH_FIELD_BYTES = 4;
    /** Bytes of the header-length word (serialize type + 24-bit header length). */
    public static final int HEADER_LENGTH_WORD_BYTES = 4;
    /** The default largest frame accepted (16 MiB), as RocketMQ's {@code frameMaxLength}. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
    /** The largest header the 24-bit length can express. */
    public static final int MAX_HEADER_BYTES = 0xFFFFFF;
    /** Fixed part of a binary header: code, language, version, opaque, flag, remark len, ext len. */
    public static final int BINARY_FIXED_BYTES = 2 + 1 + 2 + 4 + 4 + 4 + 4;

    private CommandFormat() {}

    /** The header-length word for a header of {@code headerLength} bytes in {@code type}. */
    public static int headerLengthWord(SerializeType type, int headerLength) {
        return (type.code() << 24) | (headerLength & 0xFFFFFF);
    }

    public static SerializeType typeOf(int headerLengthWord) {
        return SerializeType.fromCode((byte) (headerLengthWord >>> 24));
    }

    public static int headerLengthOf(int headerLengthWord) {
        return headerLengthWord & 0xFFFFFF;
    }
}
