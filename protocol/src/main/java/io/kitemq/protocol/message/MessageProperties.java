package io.kitemq.protocol.message;

import io.kitemq.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text form of message properties, carried in the send header field {@code properties} and in every
 * stored record (PROTOCOL.md §9): {@code name U+0001 value U+0002}, repeated, in UTF-8, at most
 * {@value #MAX_ENCODED_LENGTH} bytes (the stored record has a 2-byte length).
 *
 * <p>Encoding matches RocketMQ's {@code MessageDecoder.messageProperties2String}: every pair, the last
 * one included, is followed by U+0002; entries with a {@code null} value are skipped; a {@code null}
 * name is written as {@code "null"}. Decoding matches {@code string2messageProperties}: the text is cut
 * at each U+0002 (a missing trailing separator is fine), each piece at its first U+0001; a piece whose
 * name or value would be empty, or that has no U+0001, is dropped; a later duplicate name wins. Unlike
 * RocketMQ the result keeps the encounter order (a {@link LinkedHashMap}), so that decode-then-encode
 * reproduces the original bytes. A value may contain U+0001 (only the first one splits); names must
 * contain neither separator and values no U+0002, or they do not survive a round trip.
 *
 * <p>The byte decoders split on the separator bytes before decoding UTF-8, which gives the same result
 * as decoding first: UTF-8 never uses bytes below 0x80 inside a multi-byte sequence.
 *
 * <p>Stateless and thread-safe.
 */
public final class MessageProperties {

    public static final char NAME_VALUE_SEPARATOR = '\u0001';
    public static final char PROPERTY_SEPARATOR = '\u0002';
    /** Largest encoded size in bytes; the stored record's properties length is a signed short. */
    public static final int MAX_ENCODED_LENGTH = Short.MAX_VALUE;

    private MessageProperties() {}

    /**
     * Encodes {@code properties} (may be {@code null}: empty text).
     *
     * @throws IllegalArgumentException when the UTF-8 form exceeds {@value #MAX_ENCODED_LENGTH} bytes
     */
    public static String encode(Map<String, String> properties) {
        if (properties == null || properties.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(64);
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            sb.append(e.getKey())
                    .append(NAME_VALUE_SEPARATOR)
                    .append(e.getValue())
                    .append(PROPERTY_SEPARATOR);
        }
        checkLength(Utf8.length(sb));
        return sb.toString();
    }

    /** The UTF-8 size of the encoded form of {@code properties}, without the limit check. */
    public static int encodedLength(Map<String, String> properties) {
        if (properties == null) {
            return 0;
        }
        int length = 0;
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getValue() != null) {
                length += Utf8.length(nameOf(e)) + Utf8.length(e.getValue()) + 2;
            }
        }
        return length;
    }

    /**
     * Encodes {@code properties} as UTF-8 straight into {@code dst} at absolute {@code index}, without
     * moving the buffer's position or creating an intermediate string. The caller has reserved
     * {@link #encodedLength(Map)} bytes.
     *
     * @return the number of bytes written
     */
    public static int write(Map<String, String> properties, ByteBuffer dst, int index) {
        if (properties == null) {
            return 0;
        }
        int p = index;
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            p = Utf8.write(nameOf(e), dst, p);
            dst.put(p++, (byte) NAME_VALUE_SEPARATOR);
            p = Utf8.write(e.getValue(), dst, p);
            dst.put(p++, (byte) PROPERTY_SEPARATOR);
        }
        return p - index;
    }

    /**
     * The encoded form as UTF-8 bytes.
     *
     * @throws IllegalArgumentException when it exceeds {@value #MAX_ENCODED_LENGTH} bytes
     */
    public static byte[] toBytes(Map<String, String> properties) {
        int length = encodedLength(properties);
        checkLength(length);
        byte[] bytes = new byte[length];
        write(properties, ByteBuffer.wrap(bytes), 0);
        return bytes;
    }

    /** Throws {@link IllegalArgumentException} when {@code encodedBytes} exceeds the limit. */
    public static void checkLength(int encodedBytes) {
        if (encodedBytes > MAX_ENCODED_LENGTH) {
            throw new IllegalArgumentException("message properties encode to " + encodedBytes
                    + " bytes, more than the limit of " + MAX_ENCODED_LENGTH + " bytes");
        }
    }

    /** Decodes the text form; {@code null} or empty text gives an empty map. */
    public static Map<String, String> decode(String text) {
        LinkedHashMap<String, String> map = new LinkedHashMap<>();
        if (text == null) {
            return map;
        }
        int length = text.length();
        int start = 0;
        while (start < length) {
            int end = text.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            int sep = text.indexOf(NAME_VALUE_SEPARATOR, start);
            if (sep > start && sep < end - 1) {
                map.put(text.substring(start, sep), text.substring(sep + 1, end));
            }
            start = end + 1;
        }
        return map;
    }

    /**
     * Decodes {@code length} bytes at the buffer's position and advances the position past them.
     *
     * @throws ProtocolException when fewer than {@code length} bytes remain or {@code length} is negative
     */
    public static Map<String, String> decode(ByteBuffer src, int length) {
        int position = src.position();
        Map<String, String> map = decode(src, position, length);
        src.position(position + length);
        return map;
    }

    /**
     * Decodes {@code length} bytes at absolute {@code index}; the buffer's position is not changed.
     *
     * @throws ProtocolException when the range lies outside the buffer's limit or {@code length} is
     *     negative
     */
    public static Map<String, String> decode(ByteBuffer src, int index, int length) {
        return decodeOrdered(src, index, length);
    }

    /** {@link #decode(ByteBuffer, int, int)} with the concrete map type, for the codecs of this package. */
    static LinkedHashMap<String, String> decodeOrdered(ByteBuffer src, int index, int length) {
        if (length < 0 || index < 0 || index > src.limit() - length) {
            throw new ProtocolException("message properties of " + length + " bytes at position " + index
                    + " do not fit a buffer with limit " + src.limit());
        }
        LinkedHashMap<String, String> map = new LinkedHashMap<>();
        int end = index + length;
        int start = index;
        while (start < end) {
            int pieceEnd = indexOf(src, (byte) PROPERTY_SEPARATOR, start, end);
            int sep = indexOf(src, (byte) NAME_VALUE_SEPARATOR, start, pieceEnd);
            if (sep > start && sep < pieceEnd - 1) {
                map.put(Utf8.decode(src, start, sep - start), Utf8.decode(src, sep + 1, pieceEnd - sep - 1));
            }
            start = pieceEnd + 1;
        }
        return map;
    }

    private static int indexOf(ByteBuffer src, byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (src.get(i) == value) {
                return i;
            }
        }
        return to;
    }

    private static String nameOf(Map.Entry<String, String> e) {
        return e.getKey() == null ? "null" : e.getKey();
    }
}
