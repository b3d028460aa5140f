package io.kitemq.protocol.message;

import io.kitemq.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Message body compressions named by the sysFlag type bits 8-10 ({@link MessageSysFlag}).
 *
 * <p>Only {@link #ZLIB} is implemented, with {@code java.util.zip} (zlib-wrapped deflate, the same
 * bytes RocketMQ's {@code ZlibCompressor} produces for the same level). {@link #LZ4} and {@link #ZSTD}
 * are recognised so that such records can be stored, forwarded and decoded with their body left
 * compressed, but compressing or decompressing them throws a {@link ProtocolException}: the protocol
 * module may depend on the JDK only, which has neither codec.
 *
 * <p>Immutable and thread-safe.
 */
public enum Compression {
    LZ4(1),
    ZSTD(2),
    ZLIB(3);

    /** The level RocketMQ producers use by default ({@code rocketmq.message.compressLevel}). */
    public static final int DEFAULT_LEVEL = 5;

    private final int value;

    Compression(int value) {
        this.value = value;
    }

    /** The value of the type bits (1 LZ4, 2 ZSTD, 3 ZLIB). */
    public int value() {
        return value;
    }

    /** The type value shifted into sysFlag bits 8-10. */
    public int sysFlagBits() {
        return value << 8;
    }

    /** Whether this module can compress and decompress with it. */
    public boolean isSupported() {
        return this == ZLIB;
    }

    /**
     * The compression for a type value; 0 means ZLIB, as in RocketMQ.
     *
     * @throws ProtocolException for any other value outside 1-3
     */
    public static Compression ofValue(int value) {
        return switch (value) {
            case 0, 3 -> ZLIB;
            case 1 -> LZ4;
            case 2 -> ZSTD;
            default -> throw new ProtocolException("unknown compression type " + value + " in message sysFlag");
        };
    }

    /** Compresses {@code data} at {@code level} (0-9). */
    public byte[] compress(byte[] data, int level) {
        requireSupported();
        Deflater deflater = new Deflater(level);
        try {
            deflater.setInput(data);
            deflater.finish();
            byte[] out = new byte[Math.max(64, data.length / 2 + 64)];
            int length = 0;
            while (!deflater.finished()) {
                if (length == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                length += deflater.deflate(out, length, out.length - length);
            }
            return length == out.length ? out : Arrays.copyOf(out, length);
        } finally {
            deflater.end();
        }
    }

    /** Decompresses all of {@code data}. */
    public byte[] decompress(byte[] data) {
        return decompress(ByteBuffer.wrap(data), 0, data.length);
    }

    /**
     * Decompresses {@code length} bytes at absolute {@code index} of {@code src}, without copying them
     * first and without moving the buffer's position.
     *
     * @throws ProtocolException when the data is not a complete stream of this compression
     */
    public byte[] decompress(ByteBuffer src, int index, int length) {
        requireSupported();
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(src.duplicate().limit(index + length).position(index));
            byte[] out = new byte[Math.max(64, length * 4)];
            int size = 0;
            while (!inflater.finished()) {
                if (size == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                int n = inflater.inflate(out, size, out.length - size);
                size += n;
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new ProtocolException("truncated " + this + " body of " + length + " bytes");
                }
            }
            return size == out.length ? out : Arrays.copyOf(out, size);
        } catch (DataFormatException e) {
            throw new ProtocolException("corrupt " + this + " body of " + length + " bytes: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private void requireSupported() {
        if (!isSupported()) {
            throw new ProtocolException(this + " message compression is not supported: kitemq-protocol depends on"
                    + " the JDK only, which has no " + this + " codec (ZLIB is supported)");
        }
    }
}
