package io.kitemq.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One fixed-size file mapped into memory read-write: the building block of CommitLog, ConsumeQueue and
 * index segments. Writes go to the page cache through the mapping (a process crash loses nothing
 * written); {@link #force} makes a range durable.
 *
 * <p>Access is by absolute index only, so any number of threads may read ranges that a writer has
 * already published (the publishing protocol — a volatile write position — belongs to the owner).
 * {@link #slice} returns independent views for readers. The mapping is released by the garbage
 * collector once no view of it remains, so a reader holding a view of a deleted file never faults;
 * the price is that a deleted file's disk space returns only after that collection.
 *
 * <p>Thread-safe for absolute reads and for one writer at a time.
 */
public final class MappedFile {

    private final Path path;
    private final int size;
    private final MappedByteBuffer map;

    private MappedFile(Path path, int size, MappedByteBuffer map) {
        this.path = path;
        this.size = size;
        this.map = map;
    }

    /**
     * Opens {@code path}, creating it if absent and extending it to {@code size} bytes (new bytes read
     * as zero), and maps all of it. A file longer than {@code size} is an error.
     */
    public static MappedFile open(Path path, int size) {
        try (FileChannel ch =
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long existing = ch.size();
            if (existing > size) {
                throw new IllegalStateException(
                        path + " is " + existing + " bytes, larger than the configured " + size);
            }
            if (existing < size) {
                // sparse extension: zero-filled, allocated as pages are touched
                ch.write(ByteBuffer.wrap(new byte[1]), size - 1L);
            }
            return new MappedFile(path, size, ch.map(FileChannel.MapMode.READ_WRITE, 0, size));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + path, e);
        }
    }

    /**
     * Creates {@code path} (replacing a shorter file) with {@code size} zero bytes actually written —
     * so the file system allocates its blocks now — and maps it. Writing into such a mapping later costs
     * no block allocation per page, which on a sparse file dominates append time.
     */
    public static MappedFile createAllocated(Path path, int size) {
        try (FileChannel ch =
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (ch.size() > size) {
                throw new IllegalStateException(
                        path + " is " + ch.size() + " bytes, larger than the configured " + size);
            }
            ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
            long at = ch.size();
            while (at < size) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
                at += ch.write(zeros, at);
            }
            return new MappedFile(path, size, ch.map(FileChannel.MapMode.READ_WRITE, 0, size));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot allocate " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    public int size() {
        return size;
    }

    /** The shared mapping; use absolute get/put only (its position and limit are not yours to change). */
    public MappedByteBuffer buffer() {
        return map;
    }

    /** An independent view of {@code length} bytes at {@code index}, positioned at 0. */
    public ByteBuffer slice(int index, int length) {
        return map.slice(index, length);
    }

    /** Copies {@code src}'s remaining bytes to {@code index} (src's position is not changed). */
    public void write(int index, ByteBuffer src) {
        map.put(index, src, src.position(), src.remaining());
    }

    /** Writes {@code length} bytes of {@code src} from {@code offset} to {@code index}. */
    public void write(int index, byte[] src, int offset, int length) {
        map.put(index, src, offset, length);
    }

    /** Makes bytes {@code [from, to)} durable (fsync of the range). */
    public void force(int from, int to) {
        if (to > from) {
            map.force(from, to - from);
        }
    }

    /** Makes the whole file durable. */
    public void force() {
        map.force();
    }

    /** Deletes the file. The mapping stays valid for readers that still hold views (see class doc). */
    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    @Override
    public String toString() {
        return "MappedFile[" + path + ", " + size + " B]";
    }
}
