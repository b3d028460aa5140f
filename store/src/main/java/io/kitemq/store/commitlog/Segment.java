package io.kitemq.store.commitlog;

import io.kitemq.store.file.MappedFile;
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

    static Segment open(Path dir, long base, int size) {
        return new Segment(base, MappedFile.open(dir.resolve(fileName(base)), size));
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
}
