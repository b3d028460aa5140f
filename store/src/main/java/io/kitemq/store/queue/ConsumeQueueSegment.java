package io.kitemq.store.queue;

import static io.kitemq.store.queue.ConsumeQueueFormat.ENTRY_BYTES;

import io.kitemq.store.file.MappedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One ConsumeQueue segment file: {@code capacity} fixed-size entry slots (layout in {@link
 * ConsumeQueueFormat}) holding logical offsets {@code [baseOffset, baseOffset + capacity)}. Owns the
 * mapping and the slot arithmetic, nothing else: which slots are published is the {@link ConsumeQueue}'s
 * business.
 *
 * <p>Thread-safety: slot reads are absolute and may run in any thread; writes come from one thread at a
 * time (the queue's writer).
 */
final class ConsumeQueueSegment {

    private final long baseOffset;
    private final int capacity;
    private final MappedFile file;
    private final MappedByteBuffer buf;

    private ConsumeQueueSegment(long baseOffset, int capacity, MappedFile file) {
        this.baseOffset = baseOffset;
        this.capacity = capacity;
        this.file = file;
        this.buf = file.buffer();
    }

    /** Opens (creating zero-filled if absent) the segment of {@code queueDir} starting at {@code baseOffset}. */
    static ConsumeQueueSegment open(Path queueDir, long baseOffset, int capacity) {
        Path path = queueDir.resolve(ConsumeQueueFormat.fileName(baseOffset));
        return new ConsumeQueueSegment(baseOffset, capacity, MappedFile.open(path, capacity * ENTRY_BYTES));
    }

    /** The length of the file on disk before it is opened (0 if absent): shorter than full means damage. */
    static long lengthOnDisk(Path path) {
        try {
            return Files.exists(path) ? Files.size(path) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + path, e);
        }
    }

    long baseOffset() {
        return baseOffset;
    }

    /** One past the last logical offset this segment can hold. */
    long endOffset() {
        return baseOffset + capacity;
    }

    int capacity() {
        return capacity;
    }

    Path path() {
        return file.path();
    }

    long commitLogOffset(int slot) {
        return buf.getLong(slot * ENTRY_BYTES + ConsumeQueueFormat.COMMIT_LOG_OFFSET_POSITION);
    }

    int size(int slot) {
        return buf.getInt(slot * ENTRY_BYTES + ConsumeQueueFormat.SIZE_POSITION);
    }

    long tagHash(int slot) {
        return buf.getLong(slot * ENTRY_BYTES + ConsumeQueueFormat.TAG_HASH_POSITION);
    }

    boolean isBlank(int slot) {
        return ConsumeQueueFormat.isBlank(commitLogOffset(slot), size(slot), tagHash(slot));
    }

    void write(int slot, long commitLogOffset, int size, long tagHash) {
        int at = slot * ENTRY_BYTES;
        buf.putLong(at + ConsumeQueueFormat.COMMIT_LOG_OFFSET_POSITION, commitLogOffset);
        buf.putInt(at + ConsumeQueueFormat.SIZE_POSITION, size);
        buf.putLong(at + ConsumeQueueFormat.TAG_HASH_POSITION, tagHash);
    }

    void writeBlank(int slot) {
        write(
                slot,
                ConsumeQueueFormat.BLANK_COMMIT_LOG_OFFSET,
                ConsumeQueueFormat.BLANK_SIZE,
                ConsumeQueueFormat.BLANK_TAG_HASH);
    }

    /**
     * The last slot at or after {@code fromSlot} holding any non-zero byte, or {@code fromSlot - 1} when
     * all of them are zero.
     */
    int lastNonZeroSlot(int fromSlot) {
        for (int slot = capacity - 1; slot >= fromSlot; slot--) {
            if (commitLogOffset(slot) != 0 || size(slot) != 0 || tagHash(slot) != 0) {
                return slot;
            }
        }
        return fromSlot - 1;
    }

    /** Zeroes slots {@code [fromSlot, toSlot)} and forces them to disk. */
    void zeroAndForce(int fromSlot, int toSlot) {
        for (int slot = fromSlot; slot < toSlot; slot++) {
            write(slot, 0L, 0, 0L);
        }
        force(fromSlot, toSlot);
    }

    /** Forces slots {@code [fromSlot, toSlot)} to disk. */
    void force(int fromSlot, int toSlot) {
        file.force(fromSlot * ENTRY_BYTES, toSlot * ENTRY_BYTES);
    }

    void delete() {
        file.delete();
    }

    @Override
    public String toString() {
        return "ConsumeQueueSegment[" + file.path() + ", offsets " + baseOffset + ".." + endOffset() + ")";
    }
}
