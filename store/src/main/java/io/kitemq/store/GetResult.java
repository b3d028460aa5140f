package io.kitemq.store;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The result of reading a queue: views of the stored records (in queue order, bytes as stored — a pull
 * response sends them as they are), where to continue, and the queue's bounds.
 *
 * @param records views of whole stored records; valid as long as the caller holds them
 * @param nextBeginOffset where the next read of this queue should start
 * @param minOffset the queue's first stored offset
 * @param maxOffset the queue's end (one past the last entry)
 * @param totalBytes sum of the records' sizes
 */
public record GetResult(
        GetStatus status,
        List<ByteBuffer> records,
        long nextBeginOffset,
        long minOffset,
        long maxOffset,
        int totalBytes) {

    public int messageCount() {
        return records.size();
    }

    static GetResult empty(GetStatus status, long next, long min, long max) {
        return new GetResult(status, List.of(), next, min, max, 0);
    }
}
