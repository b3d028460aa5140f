package io.kitemq.store.checkpoint;

/**
 * The {@code checkpoint} file: where the store was when it last made its derived files durable.
 *
 * <pre>
 * +-------+---------+------------------+------------------+--------------+-------+
 * | magic | version | commitLogFlushed | dispatched       | writtenAtMs  | crc32 |
 * | 4 B   | 4 B     | 8 B              | 8 B              | 8 B          | 4 B   |
 * +-------+---------+------------------+------------------+--------------+-------+
 *   commitLogFlushed: CommitLog offset below which every record was forced to disk
 *   dispatched:       CommitLog offset below which ConsumeQueue and index entries were forced to disk
 *   crc32:            CRC32 of the 32 bytes before it
 * </pre>
 *
 * <p>Written to a temporary file, forced, then atomically renamed over the old one. Constants only;
 * thread-safe.
 */
public final class CheckpointFormat {

    public static final String FILE_NAME = "checkpoint";
    public static final int MAGIC = 0x4B4D5143; // "KMQC"
    public static final int VERSION = 1;
    public static final int BYTES = 36;

    private CheckpointFormat() {}
}
