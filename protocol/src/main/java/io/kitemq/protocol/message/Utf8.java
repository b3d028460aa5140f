package io.kitemq.protocol.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 length computation and writing straight into a {@link ByteBuffer}, byte-for-byte identical to
 * {@code String.getBytes(StandardCharsets.UTF_8)} (an unpaired surrogate becomes {@code '?'}), so that
 * codecs can size and write strings without an intermediate {@code byte[]}.
 *
 * <p>Stateless and thread-safe.
 */
final class Utf8 {

    private Utf8() {}

    /** Number of bytes {@code s} occupies in UTF-8. */
    static int length(CharSequence s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 2; // two chars, four bytes
                i++;
            } else if (!Character.isSurrogate(c)) {
                bytes += 2;
            } // an unpaired surrogate is written as the single byte '?'
        }
        return bytes;
    }

    /**
     * Writes {@code s} as UTF-8 at absolute index {@code index} of {@code dst} (the buffer's position is
     * not changed) and returns the index after the last byte written. The caller has checked the space.
     */
    static int write(CharSequence s, ByteBuffer dst, int index) {
        int p = index;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                dst.put(p++, (byte) c);
            } else if (c < 0x800) {
                dst.put(p++, (byte) (0xC0 | (c >> 6)));
                dst.put(p++, (byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                dst.put(p++, (byte) (0xF0 | (cp >> 18)));
                dst.put(p++, (byte) (0x80 | ((cp >> 12) & 0x3F)));
                dst.put(p++, (byte) (0x80 | ((cp >> 6) & 0x3F)));
                dst.put(p++, (byte) (0x80 | (cp & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                dst.put(p++, (byte) '?');
            } else {
                dst.put(p++, (byte) (0xE0 | (c >> 12)));
                dst.put(p++, (byte) (0x80 | ((c >> 6) & 0x3F)));
                dst.put(p++, (byte) (0x80 | (c & 0x3F)));
            }
        }
        return p;
    }

    /** Decodes {@code length} bytes at absolute {@code index} without touching the buffer's position. */
    static String decode(ByteBuffer src, int index, int length) {
        if (length == 0) {
            return "";
        }
        if (src.hasArray()) {
            return new String(src.array(), src.arrayOffset() + index, length, StandardCharsets.UTF_8);
        }
        byte[] copy = new byte[length];
        src.get(index, copy);
        return new String(copy, StandardCharsets.UTF_8);
    }
}
