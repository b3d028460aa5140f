package io.kitemq.store.index;

import static io.kitemq.store.index.IndexFormat.BEGIN_PHY_OFFSET;
import static io.kitemq.store.index.IndexFormat.BEGIN_TIMESTAMP;
import static io.kitemq.store.index.IndexFormat.END_PHY_OFFSET;
import static io.kitemq.store.index.IndexFormat.END_TIMESTAMP;
import static io.kitemq.store.index.IndexFormat.ENTRY_KEY_HASH;
import static io.kitemq.store.index.IndexFormat.ENTRY_PHY_OFFSET;
import static io.kitemq.store.index.IndexFormat.ENTRY_PREV_INDEX;
import static io.kitemq.store.index.IndexFormat.ENTRY_SIZE;
import static io.kitemq.store.index.IndexFormat.ENTRY_TIME_DIFF;
import static io.kitemq.store.index.IndexFormat.HASH_SLOT_COUNT;
import static io.kitemq.store.index.IndexFormat.HEADER_SIZE;
import static io.kitemq.store.index.IndexFormat.INDEX_COUNT;
import static io.kitemq.store.index.IndexFormat.NO_ENTRY;

import io.kitemq.store.file.MappedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One index file ({@link IndexFormat}): a hash table from key hash to the CommitLog offsets of the
 * messages carrying that key, with their store times.
 *
 * <p>Thread-safety: one writer ({@link #put}, {@link #truncateFrom}, {@link #recover}) and any number of
 * concurrent {@link #query} callers. Publication: the writer writes the entry, then the slot with
 * release semantics, then the header, and last the in-memory entry count (volatile). A reader reads
 * the count first and the slot with acquire semantics, so every entry it reaches through a slot is
 * fully written; it reports only entries below its count (whose header values it also sees), so it
 * may miss the newest entry but never reads a half-written one. Entry numbers strictly decrease along
 * a chain and are bounds-checked, so no walk loops or leaves the file, whatever the bytes say.
 *
 * <p>Open does cheap header checks; {@link #recover()} then reads every used entry once (up to ~420 MB
 * for a full file of the default size) and keeps the longest consistent prefix.
 */
public final class IndexFile {

    private static final Logger log = LoggerFactory.getLogger(IndexFile.class);

    /** Slots are read with acquire and written with release semantics (aligned: mappings are page-aligned). */
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final MappedFile file;
    private final ByteBuffer buf;
    private final int maxHashSlots;
    private final int maxIndexes;
    /** Entry positions wholly inside the file as found on disk (fewer than maxIndexes if it was cut short). */
    private final int entriesOnDisk;

    private volatile long beginTimestamp;
    private volatile long endTimestamp;
    private volatile long beginPhyOffset;
    private volatile long endPhyOffset;
    /** The next entry number; written last by the writer, read first by readers. */
    private volatile int indexCount;

    private volatile int flushedCount = -1;

    private IndexFile(MappedFile file, int maxHashSlots, int maxIndexes, int entriesOnDisk) {
        this.file = file;
        this.buf = file.buffer();
        this.maxHashSlots = maxHashSlots;
        this.maxIndexes = maxIndexes;
        this.entriesOnDisk = entriesOnDisk;
    }

    /** Creates a new empty file at {@code path}, which must not exist. */
    public static IndexFile create(Path path, int maxHashSlots, int maxIndexes) {
        int size = checkLayout(maxHashSlots, maxIndexes);
        try {
            Files.createFile(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create index file " + path, e);
        }
        IndexFile f = new IndexFile(MappedFile.open(path, size), maxHashSlots, maxIndexes, maxIndexes);
        f.indexCount = 1;
        f.writeHeader();
        return f;
    }

    /**
     * Opens an existing file and checks its size and header; call {@link #recover()} before use.
     *
     * @throws CorruptIndexException if the file is longer than the layout, too short for a header, or its
     *     header is out of bounds
     */
    public static IndexFile open(Path path, int maxHashSlots, int maxIndexes) {
        int size = checkLayout(maxHashSlots, maxIndexes);
        long onDisk;
        try {
            onDisk = Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read index file " + path, e);
        }
        if (onDisk > size) {
            throw new CorruptIndexException(path, "is " + onDisk + " bytes, more than the " + size + " of its layout");
        }
        if (onDisk < HEADER_SIZE) {
            throw new CorruptIndexException(path, "is " + onDisk + " bytes, too short for its header");
        }
        int entriesStart = IndexFormat.entryPosition(maxHashSlots, 0);
        int entriesOnDisk = onDisk < entriesStart ? 0 : (int) ((onDisk - entriesStart) / ENTRY_SIZE);
        // a short file is extended with zeros here; recover() does not trust entries that were not on disk
        IndexFile f = new IndexFile(MappedFile.open(path, size), maxHashSlots, maxIndexes, entriesOnDisk);
        f.loadHeader();
        return f;
    }

    private static int checkLayout(int maxHashSlots, int maxIndexes) {
        if (maxHashSlots < 1 || maxIndexes < 2) {
            throw new IllegalArgumentException(
                    "need maxHashSlots >= 1 and maxIndexes >= 2: " + maxHashSlots + ", " + maxIndexes);
        }
        long size = IndexFormat.fileSize(maxHashSlots, maxIndexes);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("index file of " + maxHashSlots + " slots and " + maxIndexes
                    + " entries would be " + size + " bytes, over 2 GiB");
        }
        return (int) size;
    }

    private void loadHeader() {
        int count = buf.getInt(INDEX_COUNT);
        if (count < 0 || count > maxIndexes) {
            throw new CorruptIndexException(path(), "has entry count " + count + " outside 0.." + maxIndexes);
        }
        indexCount = Math.max(count, 1); // a file torn before its first header write reads 0: empty
        if (indexCount == 1) {
            return;
        }
        long beginTs = buf.getLong(BEGIN_TIMESTAMP);
        long endTs = buf.getLong(END_TIMESTAMP);
        long beginPhy = buf.getLong(BEGIN_PHY_OFFSET);
        long endPhy = buf.getLong(END_PHY_OFFSET);
        if (beginTs < 0 || beginTs > endTs || beginPhy < 0 || beginPhy > endPhy) {
            throw new CorruptIndexException(
                    path(),
                    "has an inconsistent header: timestamps " + beginTs + ".." + endTs + ", offsets " + beginPhy + ".."
                            + endPhy);
        }
        beginTimestamp = beginTs;
        endTimestamp = endTs;
        beginPhyOffset = beginPhy;
        endPhyOffset = endPhy;
    }

    /**
     * Checks every counted entry against the header and its chain (non-negative hash, prevIndex equal
     * to the slot's previous entry, offsets from beginPhyOffset never decreasing up to endPhyOffset,
     * times within the header's), keeps the entries before the first bad one, and rewrites the header
     * and every slot from what it kept. A torn last put is cut here.
     *
     * @return the number of entries cut
     * @throws CorruptIndexException if every entry is consistent but the header's end values disagree
     *     with them (a garbled header)
     */
    public int recover() {
        int counted = indexCount;
        int readable = Math.min(counted, entriesOnDisk);
        int[] newest = new int[maxHashSlots];
        long lastPhy = beginPhyOffset;
        long maxTime = beginTimestamp;
        int n = 1;
        for (; n < readable; n++) {
            int pos = entryPosition(n);
            int hash = buf.getInt(pos + ENTRY_KEY_HASH);
            long phy = buf.getLong(pos + ENTRY_PHY_OFFSET);
            int diff = buf.getInt(pos + ENTRY_TIME_DIFF);
            int prev = buf.getInt(pos + ENTRY_PREV_INDEX);
            long time = beginTimestamp + diff * 1000L;
            boolean valid = hash >= 0
                    && prev == newest[hash % maxHashSlots]
                    && (n == 1 ? phy == beginPhyOffset && diff == 0 : phy >= lastPhy)
                    && phy <= endPhyOffset
                    && diff >= 0
                    && time <= endTimestamp;
            if (!valid) {
                break;
            }
            newest[hash % maxHashSlots] = n;
            lastPhy = phy;
            maxTime = Math.max(maxTime, time);
        }
        int cut = counted - n;
        if (cut == 0 && n > 1 && (lastPhy != endPhyOffset || maxTime <= endTimestamp - 1000)) {
            throw new CorruptIndexException(
                    path(),
                    "has a header (ends at offset " + endPhyOffset + ", time "
                            + endTimestamp + ") that disagrees with its " + (n - 1) + " entries (offset " + lastPhy
                            + ", time " + maxTime + ")");
        }
        if (cut > 0) {
            indexCount = n;
            zeroEntries(n, readable);
            setEnds(n, lastPhy, maxTime);
        }
        int repaired = 0;
        for (int s = 0; s < maxHashSlots; s++) {
            int pos = IndexFormat.slotPosition(s);
            if (buf.getInt(pos) != newest[s]) {
                buf.putInt(pos, newest[s]);
                repaired++;
            }
        }
        writeHeader();
        if (cut > 0 || repaired > 0) {
            flushedCount = -1;
            log.warn(
                    "index file {}: cut {} torn or corrupt entries (kept {}), repaired {} hash slots",
                    path(),
                    cut,
                    n - 1,
                    repaired);
        }
        return cut;
    }

    /**
     * Adds an entry for {@code key} (an {@link IndexKey#of index key}).
     *
     * @return false if the file is full (the caller rolls to a new file)
     * @throws IllegalArgumentException if {@code phyOffset} is below the newest entry's
     */
    public boolean put(String key, long phyOffset, long storeTimestampMs) {
        return putHash(IndexKey.hash(key), phyOffset, storeTimestampMs);
    }

    /** {@link #put} with the key's {@link IndexKey} hash already computed. */
    boolean putHash(int keyHash, long phyOffset, long storeTimestampMs) {
        int n = indexCount;
        if (n >= maxIndexes) {
            return false;
        }
        boolean first = n == 1;
        if (!first && phyOffset < endPhyOffset) {
            throw new IllegalArgumentException("index puts must follow CommitLog order: offset " + phyOffset + " after "
                    + endPhyOffset + " in " + path());
        }
        long begin = first ? storeTimestampMs : beginTimestamp;
        long diff = Math.min(Math.max((storeTimestampMs - begin) / 1000, 0), Integer.MAX_VALUE);
        long end = first ? storeTimestampMs : Math.max(endTimestamp, storeTimestampMs);
        int slotPos = IndexFormat.slotPosition(keyHash % maxHashSlots);
        int pos = entryPosition(n);
        buf.putInt(pos + ENTRY_KEY_HASH, keyHash);
        buf.putLong(pos + ENTRY_PHY_OFFSET, phyOffset);
        buf.putInt(pos + ENTRY_TIME_DIFF, (int) diff);
        buf.putInt(pos + ENTRY_PREV_INDEX, buf.getInt(slotPos));
        INT.setRelease(buf, slotPos, n);
        // On disk the count goes first: a crash before the end values are written leaves a counted entry
        // outside the header's bounds, which recover() cuts, never bounds that exclude a counted entry.
        buf.putInt(INDEX_COUNT, n + 1);
        if (first) {
            buf.putLong(BEGIN_TIMESTAMP, storeTimestampMs);
            buf.putLong(BEGIN_PHY_OFFSET, phyOffset);
            beginTimestamp = storeTimestampMs;
            beginPhyOffset = phyOffset;
        }
        buf.putLong(END_TIMESTAMP, end);
        buf.putLong(END_PHY_OFFSET, phyOffset);
        buf.putInt(HASH_SLOT_COUNT, n);
        endTimestamp = end;
        endPhyOffset = phyOffset;
        indexCount = n + 1; // in memory the count goes last: it publishes the entry and the header to readers
        return true;
    }

    /**
     * Adds to {@code out} the offsets of entries for {@code key} stored within {@code [beginMs, endMs]},
     * newest first, skipping an offset equal to the last one in {@code out}, until {@code out} holds
     * {@code maxNum}. Entry times have whole-second precision relative to the file's begin timestamp
     * (rounded down). Keys with the same hash are not told apart: callers check the messages' keys.
     */
    public void query(String key, long beginMs, long endMs, int maxNum, List<Long> out) {
        queryHash(IndexKey.hash(key), beginMs, endMs, maxNum, out);
    }

    void queryHash(int keyHash, long beginMs, long endMs, int maxNum, List<Long> out) {
        int count = indexCount;
        if (count <= 1 || out.size() >= maxNum) {
            return;
        }
        long begin = beginTimestamp;
        int n = (int) INT.getAcquire(buf, IndexFormat.slotPosition(keyHash % maxHashSlots));
        while (n > NO_ENTRY && n < maxIndexes && out.size() < maxNum) {
            int pos = entryPosition(n);
            int prev = buf.getInt(pos + ENTRY_PREV_INDEX);
            if (n < count && buf.getInt(pos + ENTRY_KEY_HASH) == keyHash) {
                long phy = buf.getLong(pos + ENTRY_PHY_OFFSET);
                long time = begin + buf.getInt(pos + ENTRY_TIME_DIFF) * 1000L;
                if (time >= beginMs && time <= endMs && (out.isEmpty() || out.get(out.size() - 1) != phy)) {
                    out.add(phy);
                }
            }
            if (prev >= n) {
                break; // a chain that does not go back in time is garbage
            }
            n = prev;
        }
    }

    /**
     * Removes the newest entries whose message is at {@code phyOffset} or later, restoring the slots
     * they had replaced and zeroing them, and recomputes the header's end values. For recovery: queries
     * running meanwhile stay safe but may still report removed entries.
     *
     * @return the number of entries removed
     */
    public int truncateFrom(long phyOffset) {
        int count = indexCount;
        int keep = count;
        while (keep > 1 && buf.getLong(entryPosition(keep - 1) + ENTRY_PHY_OFFSET) >= phyOffset) {
            keep--;
        }
        if (keep == count) {
            return 0;
        }
        indexCount = keep; // readers stop trusting the removed entries before the slots move back
        for (int n = count - 1; n >= keep; n--) {
            int pos = entryPosition(n);
            int hash = buf.getInt(pos + ENTRY_KEY_HASH);
            INT.setRelease(buf, IndexFormat.slotPosition(hash % maxHashSlots), buf.getInt(pos + ENTRY_PREV_INDEX));
        }
        zeroEntries(keep, count);
        long maxTime = beginTimestamp;
        for (int n = 1; n < keep; n++) {
            maxTime = Math.max(maxTime, beginTimestamp + buf.getInt(entryPosition(n) + ENTRY_TIME_DIFF) * 1000L);
        }
        setEnds(keep, keep > 1 ? buf.getLong(entryPosition(keep - 1) + ENTRY_PHY_OFFSET) : 0, maxTime);
        writeHeader();
        flushedCount = -1;
        return count - keep;
    }

    private void setEnds(int count, long lastPhy, long maxTime) {
        if (count > 1) {
            endPhyOffset = lastPhy;
            endTimestamp = maxTime;
        } else {
            beginTimestamp = 0;
            endTimestamp = 0;
            beginPhyOffset = 0;
            endPhyOffset = 0;
        }
    }

    private void zeroEntries(int from, int to) {
        for (int n = from; n < to; n++) {
            int pos = entryPosition(n);
            buf.putLong(pos, 0);
            buf.putLong(pos + 8, 0);
            buf.putInt(pos + 16, 0);
        }
    }

    private void writeHeader() {
        int count = indexCount;
        buf.putLong(BEGIN_TIMESTAMP, beginTimestamp);
        buf.putLong(END_TIMESTAMP, endTimestamp);
        buf.putLong(BEGIN_PHY_OFFSET, beginPhyOffset);
        buf.putLong(END_PHY_OFFSET, endPhyOffset);
        buf.putInt(HASH_SLOT_COUNT, count - 1);
        buf.putInt(INDEX_COUNT, count);
    }

    private int entryPosition(int n) {
        return IndexFormat.entryPosition(maxHashSlots, n);
    }

    /** True if any entry's time may lie within {@code [beginMs, endMs]}. */
    public boolean overlaps(long beginMs, long endMs) {
        return indexCount > 1 && beginTimestamp <= endMs && endTimestamp >= beginMs;
    }

    public long beginTimestamp() {
        return beginTimestamp;
    }

    public long endTimestamp() {
        return endTimestamp;
    }

    public long beginPhyOffset() {
        return beginPhyOffset;
    }

    public long endPhyOffset() {
        return endPhyOffset;
    }

    /** Entries in use (the header's indexCount minus one). */
    public int entryCount() {
        return indexCount - 1;
    }

    /** Entries that can still be added. */
    public int freeEntries() {
        return maxIndexes - indexCount;
    }

    public boolean isEmpty() {
        return indexCount <= 1;
    }

    public boolean isFull() {
        return indexCount >= maxIndexes;
    }

    public Path path() {
        return file.path();
    }

    /** Forces the header, the slots and the used entries to disk if anything changed since the last flush. */
    public void flush() {
        int count = indexCount;
        if (count != flushedCount) {
            file.force(0, entryPosition(count));
            flushedCount = count;
        }
    }

    /** Flushes; the mapping is released by the garbage collector (see {@link MappedFile}). */
    public void close() {
        flush();
    }

    /** Deletes the file; queries holding it finish safely on the still-mapped bytes. */
    public void delete() {
        file.delete();
    }

    @Override
    public String toString() {
        return "IndexFile[" + path().getFileName() + ", " + entryCount() + " entries, offsets " + beginPhyOffset + ".."
                + endPhyOffset + "]";
    }
}
