package io.kitemq.store.queue;

import io.kitemq.protocol.message.TopicName;

/**
 * The on-disk format of a ConsumeQueue: the per-(topic, queueId) index into the CommitLog. Same bytes
 * as RocketMQ's {@code ConsumeQueue} store unit, so a RocketMQ data dir's {@code consumequeue/} reads
 * here and the other way round.
 *
 * <h2>Entry (20 bytes, big-endian; entry {@code i} of the queue = logical queue offset {@code i})</h2>
 *
 * <pre>
 *  0                   8           12                  20
 *  +-------------------+-----------+-------------------+
 *  | CommitLog offset  | size      | tag hash code     |
 *  | int64             | int32     | int64             |
 *  +-------------------+-----------+-------------------+
 *    physical start      bytes of    hash of the TAGS
 *    of the record       the record  property (filter)
 * </pre>
 *
 * <ul>
 *   <li><b>Real entry</b>: offset {@code >= 0}, {@code 0 < size < Integer.MAX_VALUE}, and within one
 *       queue the records follow each other in the CommitLog: {@code offset >= previous offset + previous
 *       size}.
 *   <li><b>Blank entry</b>: exactly {@code (0, Integer.MAX_VALUE, 0)} — RocketMQ's {@code fillPreBlank}
 *       filler for logical offsets that have no message (the start of a queue's first segment when the
 *       queue begins at a non-zero offset, or a gap). Readers skip blanks; recovery keeps them.
 *   <li><b>End</b>: segment files are created zero-filled, so the first entry whose size is 0 marks the
 *       end of the written data. Anything else (negative or overflowing values, an offset going
 *       backwards, a size of {@code Integer.MAX_VALUE} that is not an exact blank) is garbage and ends the
 *       valid data too.
 * </ul>
 *
 * <h2>Files</h2>
 *
 * <pre>
 * consumequeue/&lt;topic&gt;/&lt;queueId&gt;/&lt;20-digit start&gt;
 * </pre>
 *
 * Each segment file holds {@code entriesPerSegment} entries (RocketMQ: 300,000 = 6,000,000 bytes) and is
 * named by the <em>byte</em> offset of its first entry, {@code firstLogicalOffset * 20}, zero-padded to 20
 * digits: the segment holding offsets 300,000.. is {@code 00000000000006000000}. Segments are contiguous.
 * The topic directory name is the topic itself (RocketMQ topic charset, at most 127 characters); the
 * queue directory is the decimal queue id.
 */
public final class ConsumeQueueFormat {

    /** Bytes of one entry. */
    public static final int ENTRY_BYTES = 20;
    /** Position of the CommitLog offset (int64) in an entry. */
    public static final int COMMIT_LOG_OFFSET_POSITION = 0;
    /** Position of the record size (int32) in an entry. */
    public static final int SIZE_POSITION = 8;
    /** Position of the tag hash code (int64) in an entry. */
    public static final int TAG_HASH_POSITION = 12;

    /** RocketMQ's default segment length in entries. */
    public static final int DEFAULT_ENTRIES_PER_SEGMENT = 300_000;
    /** Largest segment length whose byte size still fits a mapped file. */
    public static final int MAX_ENTRIES_PER_SEGMENT = Integer.MAX_VALUE / ENTRY_BYTES;

    /** CommitLog offset written in a blank entry. */
    public static final long BLANK_COMMIT_LOG_OFFSET = 0L;
    /** Size written in a blank entry. */
    public static final int BLANK_SIZE = Integer.MAX_VALUE;
    /** Tag hash code written in a blank entry. */
    public static final long BLANK_TAG_HASH = 0L;

    /** Digits of a segment file name. */
    public static final int FILE_NAME_DIGITS = 20;
    /** Longest topic name RocketMQ accepts (TopicValidator.TOPIC_MAX_LENGTH). */
    public static final int TOPIC_MAX_LENGTH = TopicName.MAX_LENGTH;

    private ConsumeQueueFormat() {}

    /** Whether the three fields are exactly the blank filler. */
    public static boolean isBlank(long commitLogOffset, int size, long tagHash) {
        return size == BLANK_SIZE && commitLogOffset == BLANK_COMMIT_LOG_OFFSET && tagHash == BLANK_TAG_HASH;
    }

    /**
     * Whether {@code (commitLogOffset, size)} can be a real entry that follows a record ending at {@code
     * previousEnd} (pass 0 when unknown).
     */
    public static boolean isPlausibleReal(long commitLogOffset, int size, long previousEnd) {
        return commitLogOffset >= previousEnd
                && size > 0
                && size != BLANK_SIZE
                && commitLogOffset <= Long.MAX_VALUE - size;
    }

    /** The file name of the segment whose first entry is logical offset {@code firstOffset}. */
    public static String fileName(long firstOffset) {
        return String.format("%020d", firstOffset * ENTRY_BYTES);
    }

    /**
     * The first logical offset of a segment file named {@code name}, or -1 if the name is not 20 decimal
     * digits or not a whole number of entries.
     */
    public static long firstOffsetOf(String name) {
        if (name.length() != FILE_NAME_DIGITS) {
            return -1;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        long bytes;
        try {
            bytes = Long.parseLong(name);
        } catch (NumberFormatException e) {
            return -1; // 20 digits above Long.MAX_VALUE
        }
        return bytes % ENTRY_BYTES == 0 ? bytes / ENTRY_BYTES : -1;
    }

    /** Whether {@code topic} may name a topic directory (RocketMQ charset, 1..127 characters). */
    public static boolean isValidTopic(String topic) {
        return TopicName.isValid(topic);
    }

    /**
     * The queue id a queue directory named {@code name} stands for, or -1 unless {@code name} is the
     * canonical decimal form of a non-negative int.
     */
    public static int queueIdOf(String name) {
        if (name.isEmpty() || name.length() > 10 || (name.length() > 1 && name.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        long id = Long.parseLong(name);
        return id <= Integer.MAX_VALUE ? (int) id : -1;
    }
}
