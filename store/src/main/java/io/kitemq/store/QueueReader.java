package io.kitemq.store;

import io.kitemq.store.commitlog.CommitLog;
import io.kitemq.store.queue.ConsumeQueue;
import io.kitemq.store.queue.ConsumeQueueEntries;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads messages of one queue: walks ConsumeQueue entries from an offset, filters by tag hash (and
 * optionally by record), and collects views of the CommitLog records, with RocketMQ's statuses and
 * next-offset rules for every edge (too small, at the end, past it, removed data, nothing matched).
 *
 * <p>Records come from the CommitLog as copies ({@link CommitLog#read}); records that lie close together
 * (a queue written alone, or a batch) are read with one call for a whole span and handed out as slices of
 * it, so a reader catching up on a backlog pays one system call per span, not per record.
 *
 * <p>Stateless; allocates one entry batch per read. Thread-safe.
 */
final class QueueReader {

    private static final int BATCH = 64;

    /** Largest span read at once. */
    static final int SPAN_BYTES = 256 * 1024;

    /** Largest gap between two records still read in one span (copying it is cheaper than a call). */
    static final int SPAN_GAP_BYTES = 4 * 1024;

    private QueueReader() {}

    static GetResult read(
            ConsumeQueue cq,
            CommitLog commitLog,
            long offset,
            int maxCount,
            int maxBytes,
            MessageFilter filter,
            int maxScanned) {
        long min = cq.minOffset();
        long max = cq.maxOffset();
        if (max == 0 || max <= min) {
            return GetResult.empty(GetStatus.NO_MESSAGE_IN_QUEUE, 0, min, max);
        }
        if (offset < min) {
            return GetResult.empty(GetStatus.OFFSET_TOO_SMALL, min, min, max);
        }
        if (offset == max) {
            return GetResult.empty(GetStatus.OFFSET_OVERFLOW_ONE, offset, min, max);
        }
        if (offset > max) {
            return GetResult.empty(GetStatus.OFFSET_OVERFLOW_BADLY, min == 0 ? min : max, min, max);
        }
        List<ByteBuffer> records = new ArrayList<>(Math.min(maxCount, BATCH));
        ConsumeQueueEntries batch = new ConsumeQueueEntries(BATCH);
        long next = offset;
        long commitLogMin = commitLog.minOffset();
        int bytes = 0;
        int scanned = 0;
        boolean removed = false;
        ByteBuffer span = null;
        long spanStart = 0;
        scan:
        while (records.size() < maxCount && scanned < maxScanned && next < max) {
            int n = cq.read(next, BATCH, batch);
            if (batch.nextOffset() == next) {
                break;
            }
            for (int i = 0; i < n; i++) {
                long phy = batch.commitLogOffset(i);
                int size = batch.size(i);
                if (records.size() >= maxCount || (bytes > 0 && bytes + size > maxBytes)) {
                    next = batch.queueOffset(i);
                    break scan;
                }
                scanned++;
                if (phy < commitLogMin) {
                    removed = true;
                    continue;
                }
                if (!filter.matchesTagHash(batch.tagHash(i))) {
                    continue;
                }
                ByteBuffer record;
                if (span != null && phy >= spanStart && phy + size <= spanStart + span.limit()) {
                    record = span.slice((int) (phy - spanStart), size);
                } else {
                    int length = spanLength(batch, i, n, filter);
                    span = length > size ? commitLog.read(phy, length) : null;
                    spanStart = phy;
                    record = span != null ? span.slice(0, size) : commitLog.read(phy, size);
                }
                if (record == null) {
                    removed = true;
                    continue;
                }
                if (!filter.matchesRecord(record.asReadOnlyBuffer())) {
                    continue;
                }
                records.add(record);
                bytes += size;
            }
            next = batch.nextOffset();
        }
        GetStatus status = !records.isEmpty()
                ? GetStatus.FOUND
                : removed ? GetStatus.OFFSET_FOUND_NULL : GetStatus.NO_MATCHED_MESSAGE;
        return new GetResult(status, records, next, min, max, bytes);
    }

    /**
     * Bytes from entry {@code i}'s record to the end of the last following record (among entries
     * {@code i..n-1} that pass the tag filter) reachable with gaps of at most {@link #SPAN_GAP_BYTES} within
     * {@link #SPAN_BYTES}.
     */
    private static int spanLength(ConsumeQueueEntries batch, int i, int n, MessageFilter filter) {
        long start = batch.commitLogOffset(i);
        long end = start + batch.size(i);
        for (int j = i + 1; j < n; j++) {
            if (!filter.matchesTagHash(batch.tagHash(j))) {
                continue;
            }
            long phy = batch.commitLogOffset(j);
            long recordEnd = phy + batch.size(j);
            if (phy < end || phy - end > SPAN_GAP_BYTES || recordEnd - start > SPAN_BYTES) {
                break;
            }
            end = recordEnd;
        }
        return (int) (end - start);
    }
}
