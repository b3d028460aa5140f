package io.kitemq.store.commitlog;

import io.kitemq.store.file.MappedFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * One CommitLog segment: a {@link MappedFile} whose first byte is at physical offset {@link #base()}.
 * Files are named by that offset, zero-padded to 20 digits.
 *
 * <p>Immutable; the mapped bytes follow {@link MappedFile}'s rules. Thread-safe.
 */
public record Segment(long base, MappedFile file) {

    static String fileName(long base) {
        return String.format("%020d", base);
    }

    /** The base offset encoded in a segment file name, or -1 when the name is not one. */
    static long parseBase(String name) {
        if (name.length() != 20) {
            return -1;
        }
        for (int i = 0; i < 20; i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(name);
    }

    /**
     * Opens (creating if needed) the segment at {@code base}. It is unmapped when released or deleted, so a deleted
     * segment's disk space and page cache return at once; the CommitLog reads and writes records through the file
     * channel and touches the mapping only to recover and to force.
     */
    static Segment open(Path dir, long base, int size) {
        return new Segment(base, MappedFile.open(dir.resolve(fileName(base)), size, true));
    }

    public int size() {
        return file.size();
    }

    public long end() {
        return base + file.size();
    }

    public boolean contains(long offset) {
        return offset >= base && offset < end();
    }

    /** Bytes from the start up to the last non-zero one (recovery: what deleting the file drops). */
    long nonZeroBytes() {
        return Math.max(0, lastNonZero(file.buffer(), 0, size()) + 1);
    }

    /** Zeroes the segment from {@code from} on; returns the bytes from there up to the last non-zero one. */
    long zeroFrom(int from) {
        int last = lastNonZero(file.buffer(), from, size());
        if (last < from) {
            return 0;
        }
        byte[] zeros = new byte[64 * 1024];
        for (int at = from; at <= last; at += zeros.length) {
            file.write(at, zeros, 0, Math.min(zeros.length, last + 1 - at));
        }
        file.force(from, last + 1);
        return last + 1L - from;
    }

    /** Index of the last non-zero byte in {@code [from, to)}, or {@code from - 1} when all are zero. */
    private static int lastNonZero(ByteBuffer b, int from, int to) {
        int last = from - 1;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            if (b.getLong(i) != 0) {
                last = i + 7;
            }
        }
        for (; i < to; i++) {
            if (b.get(i) != 0) {
                last = i;
            }
        }
        while (last >= from && b.get(last) == 0) {
            last--;
        }
        return last;
    }
}
