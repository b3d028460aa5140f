package io.kitemq.store.queue;

import static io.kitemq.store.queue.ConsumeQueueFormat.ENTRY_BYTES;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one queue directory and finds where its valid entries end; cuts (zeroes, deletes) whatever
 * follows so later appends overwrite it cleanly. Used once, by {@link ConsumeQueue#open}.
 *
 * <p>Which entries are valid is defined in {@link ConsumeQueueFormat}. The last {@value
 * #SCANNED_TAIL_SEGMENTS} segments are verified entry by entry (like RocketMQ, which scans from the third
 * last file): only they can hold unflushed or torn writes, because the writer fills one segment after
 * the other and the periodic flusher has forced the older ones. An older segment is verified the same
 * way when it looks damaged (shorter than a full segment on disk, or its first or last slot empty).
 *
 * <p>Not thread-safe; runs before the queue is shared.
 */
final class ConsumeQueueRecovery {

    private static final Logger log = LoggerFactory.getLogger(ConsumeQueueRecovery.class);

    /** Segments at the tail verified entry by entry. */
    static final int SCANNED_TAIL_SEGMENTS = 3;

    /** What recovery found: the segments kept and the valid logical range. */
    record Recovered(
            ConsumeQueueSegment[] segments,
            long minOffset,
            long maxOffset,
            long lastCommitLogEnd,
            long bytesCut,
            int filesDeleted) {}

    private ConsumeQueueRecovery() {}

    /**
     * Opens the segments of {@code dir} and recovers them: the valid data ends at the first entry that
     * is not a plausible real entry nor a blank (a zero size, negative or overflowing values, an offset
     * going backwards); trailing blanks are dropped with it; every later byte is zeroed (or its file
     * deleted) and counted in {@link Recovered#bytesCut}.
     */
    static Recovered recover(Path dir, String name, int capacity) {
        List<Long> bases = listSegmentBases(dir, name, capacity);
        if (bases.isEmpty()) {
            return new Recovered(new ConsumeQueueSegment[0], 0, 0, -1, 0, 0);
        }
        long bytesCut = 0;
        int filesDeleted = 0;
        int contiguous = contiguousRun(bases, capacity);
        for (int i = contiguous; i < bases.size(); i++) {
            Path orphan = dir.resolve(ConsumeQueueFormat.fileName(bases.get(i)));
            log.error(
                    "{}: segment {} follows a missing segment ({} expected); deleting it, its entries are"
                            + " rebuilt from the CommitLog",
                    name,
                    orphan.getFileName(),
                    ConsumeQueueFormat.fileName(bases.get(contiguous - 1) + capacity));
            bytesCut += ConsumeQueueSegment.lengthOnDisk(orphan);
            filesDeleted++;
            deleteFile(orphan);
        }

        int n = contiguous;
        ConsumeQueueSegment[] segs = new ConsumeQueueSegment[n];
        int scanFrom = Math.max(0, n - SCANNED_TAIL_SEGMENTS);
        for (int i = 0; i < n; i++) {
            long base = bases.get(i);
            boolean shortOnDisk = ConsumeQueueSegment.lengthOnDisk(dir.resolve(ConsumeQueueFormat.fileName(base)))
                    < (long) capacity * ENTRY_BYTES;
            segs[i] = ConsumeQueueSegment.open(dir, base, capacity);
            boolean looksDamaged = shortOnDisk || segs[i].size(0) == 0 || segs[i].size(capacity - 1) == 0;
            if (i < scanFrom && looksDamaged) {
                log.warn(
                        "{}: segment {} looks damaged; verifying from it",
                        name,
                        segs[i].path().getFileName());
                scanFrom = i;
            }
        }

        // 1. scan: the first entry that is neither blank nor a plausible successor ends the data
        long end = segs[n - 1].endOffset();
        long previousEnd = scanFrom > 0 ? lastRealEnd(segs[scanFrom - 1]) : 0;
        scan:
        for (int i = scanFrom; i < n; i++) {
            ConsumeQueueSegment seg = segs[i];
            for (int slot = 0; slot < capacity; slot++) {
                if (seg.isBlank(slot)) {
                    continue;
                }
                long phy = seg.commitLogOffset(slot);
                int size = seg.size(slot);
                if (!ConsumeQueueFormat.isPlausibleReal(phy, size, previousEnd)) {
                    end = seg.baseOffset() + slot;
                    break scan;
                }
                previousEnd = phy + size;
            }
        }

        // 2. blanks only ever precede a real entry: trailing ones are from an interrupted gap fill
        long first = segs[0].baseOffset();
        while (end > first && at(segs, end - 1, capacity).isBlank(slotOf(segs, end - 1, capacity))) {
            end--;
        }
        long lastCommitLogEnd = -1;
        if (end > first) {
            ConsumeQueueSegment seg = at(segs, end - 1, capacity);
            int slot = slotOf(segs, end - 1, capacity);
            lastCommitLogEnd = seg.commitLogOffset(slot) + seg.size(slot);
        }

        // 3. cut: zero what follows the end in its segment, delete later segments
        int endSegment = (int) Math.min(n - 1, (end - first) / capacity);
        int endSlot = (int) (end - segs[endSegment].baseOffset());
        int lastDirty = segs[endSegment].lastNonZeroSlot(endSlot);
        if (lastDirty >= endSlot) {
            bytesCut += (long) (lastDirty + 1 - endSlot) * ENTRY_BYTES;
            segs[endSegment].zeroAndForce(endSlot, lastDirty + 1);
        }
        for (int i = endSegment + 1; i < n; i++) {
            bytesCut += (long) (segs[i].lastNonZeroSlot(0) + 1) * ENTRY_BYTES;
            filesDeleted++;
            segs[i].delete();
        }
        ConsumeQueueSegment[] kept = Arrays.copyOf(segs, endSegment + 1);

        // 4. the first readable entry: skip the blanks a queue starting past its segment's base begins with
        long min = first;
        while (min < end && at(kept, min, capacity).isBlank(slotOf(kept, min, capacity))) {
            min++;
        }
        return new Recovered(kept, min, end, lastCommitLogEnd, bytesCut, filesDeleted);
    }

    private static ConsumeQueueSegment at(ConsumeQueueSegment[] segs, long offset, int capacity) {
        return segs[(int) ((offset - segs[0].baseOffset()) / capacity)];
    }

    private static int slotOf(ConsumeQueueSegment[] segs, long offset, int capacity) {
        return (int) ((offset - segs[0].baseOffset()) % capacity);
    }

    /** End of the last real entry of a full segment, or 0 if it holds none. */
    private static long lastRealEnd(ConsumeQueueSegment seg) {
        for (int slot = seg.capacity() - 1; slot >= 0; slot--) {
            if (!seg.isBlank(slot)) {
                long phy = seg.commitLogOffset(slot);
                int size = seg.size(slot);
                return ConsumeQueueFormat.isPlausibleReal(phy, size, 0) ? phy + size : 0;
            }
        }
        return 0;
    }

    /** How many of the sorted {@code bases} follow each other without a hole. */
    private static int contiguousRun(List<Long> bases, int capacity) {
        int run = 1;
        while (run < bases.size() && bases.get(run) == bases.get(run - 1) + capacity) {
            run++;
        }
        return run;
    }

    /**
     * The first offsets of the segment files in {@code dir}, sorted. Names that are not segment names are
     * skipped with a WARN; a segment name that is not a multiple of the segment length means the files
     * were written with another {@code entriesPerSegment}, which this queue cannot read.
     */
    private static List<Long> listSegmentBases(Path dir, String name, int capacity) {
        List<Long> bases = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return bases;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String fileName = file.getFileName().toString();
                long base = ConsumeQueueFormat.firstOffsetOf(fileName);
                if (base < 0 || !Files.isRegularFile(file)) {
                    log.warn("{}: ignoring {}: not a ConsumeQueue segment", name, file);
                    continue;
                }
                if (base % capacity != 0) {
                    throw new IllegalStateException(file + " does not start at a multiple of " + capacity
                            + " entries: the queue was written with another entriesPerSegment");
                }
                bases.add(base);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        bases.sort(null);
        return bases;
    }

    private static void deleteFile(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
