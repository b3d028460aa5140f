package io.kitemq.bench;

import io.kitemq.store.GetResult;
import io.kitemq.store.GetStatus;
import io.kitemq.store.MessageFilter;
import io.kitemq.store.MessageStore;
import java.nio.ByteBuffer;

/**
 * A consumer catching up on a backlog: reads one queue from its first offset to its end through
 * {@link MessageStore#get} in batches, and folds every byte of every returned record into a checksum so
 * the records are really read (as a pull response copying them to a socket would).
 *
 * <p>Not thread-safe; one scan at a time.
 */
final class QueueScan {

    /** Messages and record bytes read, the number of get calls, the time, and the checksum. */
    record Result(long messages, long recordBytes, long gets, long nanos, long checksum) {

        double messagesPerSecond() {
            return Units.perSecond(messages, nanos);
        }

        double mbPerSecond() {
            return Units.mbPerSecond(recordBytes, nanos);
        }
    }

    private QueueScan() {}

    static Result scan(MessageStore store, String topic, int queueId, int batch) {
        long offset = store.minOffset(topic, queueId);
        long end = store.maxOffset(topic, queueId);
        long messages = 0;
        long bytes = 0;
        long gets = 0;
        long checksum = 0;
        long start = System.nanoTime();
        while (offset < end) {
            GetResult r = store.get(topic, queueId, offset, batch, Integer.MAX_VALUE, MessageFilter.ALL);
            gets++;
            if (r.status() != GetStatus.FOUND || r.nextBeginOffset() <= offset) {
                throw new IllegalStateException("read of " + topic + "-" + queueId + " at offset " + offset + " of "
                        + end + " returned " + r.status() + ", next " + r.nextBeginOffset());
            }
            for (ByteBuffer record : r.records()) {
                checksum = checksum * 31 + fold(record);
                bytes += record.remaining();
            }
            messages += r.messageCount();
            offset = r.nextBeginOffset();
        }
        return new Result(messages, bytes, gets, System.nanoTime() - start, checksum);
    }

    /** XOR of the record's bytes taken eight at a time (absolute reads; the view is not moved). */
    private static long fold(ByteBuffer record) {
        int i = record.position();
        int end = record.limit();
        long x = 0;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            x ^= record.getLong(i);
        }
        for (; i < end; i++) {
            x = x * 31 + record.get(i);
        }
        return x;
    }
}
