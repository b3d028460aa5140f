package io.kitemq.store.commitlog;

import java.nio.ByteBuffer;

/**
 * Writes one (or, for a batch, several contiguous) records of a size announced in advance. Called by
 * {@link CommitLog#append} under the writer's lock, once the physical offset is known.
 */
@FunctionalInterface
public interface RecordWriter {

    /**
     * Writes exactly the announced number of bytes at {@code dst}'s position, advancing it.
     *
     * @param physicalOffset the CommitLog offset of the first byte written
     */
    void write(ByteBuffer dst, long physicalOffset);
}
