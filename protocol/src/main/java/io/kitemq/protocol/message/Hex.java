package io.kitemq.protocol.message;

import java.nio.ByteBuffer;

/**
 * Upper-case hexadecimal text for the message ids (offsetMsgId and UNIQ_KEY), written into Latin-1
 * {@code byte[]} buffers that become {@code String}s with a single copy.
 *
 * <p>Stateless and thread-safe.
 */
final class Hex {

    private static final byte[] DIGITS = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'
    };

    private Hex() {}

    /** Writes the two hex digits of {@code b} at {@code dst[at]}; returns the next index. */
    static int putByte(byte[] dst, int at, int b) {
        dst[at] = DIGITS[(b >> 4) & 0xF];
        dst[at + 1] = DIGITS[b & 0xF];
        return at + 2;
    }

    /** Writes the {@code 2 * byteCount} hex digits of the low {@code byteCount} bytes of {@code v}, big-endian. */
    static int putBits(byte[] dst, int at, long v, int byteCount) {
        int p = at;
        for (int shift = (byteCount - 1) * 8; shift >= 0; shift -= 8) {
            p = putByte(dst, p, (int) (v >>> shift));
        }
        return p;
    }

    /** Writes the hex digits of {@code length} bytes of {@code src} starting at absolute index {@code from}. */
    static int putBytes(byte[] dst, int at, ByteBuffer src, int from, int length) {
        int p = at;
        for (int i = 0; i < length; i++) {
            p = putByte(dst, p, src.get(from + i));
        }
        return p;
    }

    /** Writes the hex digits of all of {@code src}. */
    static int putBytes(byte[] dst, int at, byte[] src) {
        int p = at;
        for (byte b : src) {
            p = putByte(dst, p, b);
        }
        return p;
    }

    /**
     * Parses a hex string (either case) into bytes.
     *
     * @throws IllegalArgumentException naming {@code what} when the length is odd or a character is not
     *     a hex digit
     */
    static byte[] decode(String text, String what) {
        int n = text.length();
        if ((n & 1) != 0) {
            throw new IllegalArgumentException(what + " must have an even number of hex digits: '" + text + "'");
        }
        byte[] out = new byte[n / 2];
        for (int i = 0; i < n; i += 2) {
            int hi = nibble(text.charAt(i));
            int lo = nibble(text.charAt(i + 1));
            if (hi < 0 || lo < 0) {
                int bad = hi < 0 ? i : i + 1;
                throw new IllegalArgumentException(
                        what + " has a non-hex character at index " + bad + ": '" + text + "'");
            }
            out[i / 2] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    /** The value of an ASCII hex digit, or -1 (unlike {@code Character.digit}, no non-ASCII digits). */
    private static int nibble(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
