package io.kitemq.store.queue;

/**
 * A reusable batch of ConsumeQueue entries filled by {@link ConsumeQueue#read}: parallel primitive
 * arrays sized once, so reading allocates nothing per entry or per call.
 *
 * <pre>{@code
 * ConsumeQueueEntries batch = new ConsumeQueueEntries(32);   // one per reader thread
 * int n = queue.read(offset, 32, batch);
 * for (int i = 0; i < n; i++) {
 *     long phy = batch.commitLogOffset(i); int size = batch.size(i); ...
 * }
 * offset = batch.nextOffset();                               // where to continue
 * }</pre>
 *
 * <p>Not thread-safe: one batch per reading thread (or per request).
 */
public final class ConsumeQueueEntries {

    private final long[] queueOffsets;
    private final long[] commitLogOffsets;
    private final int[] sizes;
    private final long[] tagHashes;
    private int count;
    private long nextOffset;

    public ConsumeQueueEntries(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        queueOffsets = new long[capacity];
        commitLogOffsets = new long[capacity];
        sizes = new int[capacity];
        tagHashes = new long[capacity];
    }

    public int capacity() {
        return sizes.length;
    }

    /** Entries held by the last read. */
    public int count() {
        return count;
    }

    /**
     * The logical offset after the last slot the read examined (blanks included): where the next read
     * continues. Equal to the requested offset when the read found nothing to examine.
     */
    public long nextOffset() {
        return nextOffset;
    }

    public long queueOffset(int i) {
        check(i);
        return queueOffsets[i];
    }

    public long commitLogOffset(int i) {
        check(i);
        return commitLogOffsets[i];
    }

    public int size(int i) {
        check(i);
        return sizes[i];
    }

    public long tagHash(int i) {
        check(i);
        return tagHashes[i];
    }

    /** Empties this for a read from {@code fromOffset}. */
    public void reset(long fromOffset) {
        count = 0;
        nextOffset = fromOffset;
    }

    void add(long queueOffset, long commitLogOffset, int size, long tagHash) {
        queueOffsets[count] = queueOffset;
        commitLogOffsets[count] = commitLogOffset;
        sizes[count] = size;
        tagHashes[count] = tagHash;
        count++;
    }

    void nextOffset(long offset) {
        nextOffset = offset;
    }

    private void check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("entry " + i + " of " + count);
        }
    }

    @Override
    public String toString() {
        return "ConsumeQueueEntries[" + count + " entries, next " + nextOffset + "]";
    }
}
