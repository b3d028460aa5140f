package io.kitemq.protocol.command;

import java.util.Arrays;

/**
 * A growable byte array that header encoders write into, meant to be reused (one per encoding thread)
 * so that encoding a header allocates nothing once the array has grown to fit. Strings are written as
 * UTF-8 straight from their chars, with a fast path for ASCII.
 *
 * <p>Not thread-safe: confine an instance to one thread.
 */
public final class HeaderBuffer {

    private byte[] bytes;
    private int size;

    public HeaderBuffer() {
        this(256);
    }

    public HeaderBuffer(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** Forgets what was written; keeps the array. */
    public HeaderBuffer clear() {
        size = 0;
        return this;
    }

    /** The backing array; bytes {@code [0, size())} are the written ones. */
    public byte[] array() {
        return bytes;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    void put(byte b) {
        ensure(1);
        bytes[size++] = b;
    }

    void putShort(int v) {
        ensure(2);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    void putInt(int v) {
        ensure(4);
        bytes[size++] = (byte) (v >>> 24);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    void putIntAt(int at, int v) {
        bytes[at] = (byte) (v >>> 24);
        bytes[at + 1] = (byte) (v >>> 16);
        bytes[at + 2] = (byte) (v >>> 8);
        bytes[at + 3] = (byte) v;
    }

    void putShortAt(int at, int v) {
        bytes[at] = (byte) (v >>> 8);
        bytes[at + 1] = (byte) v;
    }

    /** Writes an ASCII-only literal (no check). */
    void putAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
    }

    /** Writes the decimal digits of {@code v}. */
    void putDecimal(int v) {
        if (v >= 0 && v < 10) {
            put((byte) ('0' + v));
            return;
        }
        putAscii(Integer.toString(v));
    }

    /** Writes {@code s} as UTF-8 (unpaired surrogates become '?', as {@code String.getBytes} does). */
    void putUtf8(String s) {
        putUtf8(s, false);
    }

    /** Writes {@code s} as the UTF-8 body of a JSON string (quotes not included), escaping as JSON requires. */
    void putJsonEscaped(String s) {
        putUtf8(s, true);
    }

    private void putUtf8(String s, boolean json) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (json && (c < 0x20 || c == '"' || c == '\\')) {
                    putJsonEscape(c);
                } else {
                    ensure(1);
                    bytes[size++] = (byte) c;
                }
            } else if (c < 0x800) {
                ensure(2);
                bytes[size++] = (byte) (0xC0 | (c >> 6));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                bytes[size++] = (byte) (0xF0 | (cp >> 18));
                bytes[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                bytes[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                bytes[size++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                put((byte) '?');
            } else {
                ensure(3);
                bytes[size++] = (byte) (0xE0 | (c >> 12));
                bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private void putJsonEscape(char c) {
        switch (c) {
            case '"' -> putAscii("\\\"");
            case '\\' -> putAscii("\\\\");
            case '\n' -> putAscii("\\n");
            case '\r' -> putAscii("\\r");
            case '\t' -> putAscii("\\t");
            case '\b' -> putAscii("\\b");
            case '\f' -> putAscii("\\f");
            default -> {
                putAscii("\\u00");
                put(HEX[c >> 4]);
                put(HEX[c & 0xF]);
            }
        }
    }
}
