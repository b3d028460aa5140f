package io.kitemq.store.index;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Layout of an index file: RocketMQ's IndexFile format, big-endian, one fixed-size file of
 * {@code 40 + 4 * maxHashSlots + 20 * maxIndexes} bytes.
 *
 * <pre>
 * header, 40 bytes
 *    0  beginTimestamp  8  store time (ms) of entry 1; entry times are kept relative to it
 *    8  endTimestamp    8  latest store time (ms) of any entry
 *   16  beginPhyOffset  8  CommitLog offset of entry 1's message
 *   24  endPhyOffset    8  CommitLog offset of the newest entry's message
 *   32  hashSlotCount   4  number of puts (RocketMQ's name; always indexCount - 1), informational
 *   36  indexCount      4  the next entry number: entries 1 .. indexCount-1 are in use
 *                          (entry 0 is never written, so 0 can mean "none"; a new file holds 1)
 *
 * hash slots, maxHashSlots x 4 bytes, slot s at 40 + 4 * s
 *    the number of the newest entry whose keyHash % maxHashSlots == s, 0 = none
 *
 * entries, maxIndexes x 20 bytes, entry n at 40 + 4 * maxHashSlots + 20 * n
 *    0  keyHash    4  IndexKey.hash("topic#key"): |String.hashCode()|, Integer.MIN_VALUE taken as 0
 *    4  phyOffset  8  CommitLog offset of the message
 *   12  timeDiff   4  (storeTimestamp - beginTimestamp) / 1000, whole seconds, clamped to [0, 2^31-1]
 *   16  prevIndex  4  the previous (older) entry number of the same slot, 0 = end of the chain
 * </pre>
 *
 * <p>Each slot heads a chain through its entries, newest first; entry numbers strictly decrease along
 * a chain, which is what keeps a walk over a garbled file finite. Entry phy offsets never decrease
 * with the entry number (the dispatcher indexes in CommitLog order; the keys of one message share its
 * offset). A file is full when {@code indexCount == maxIndexes}, so it holds {@code maxIndexes - 1}
 * entries. The format has no checksum: corruption is found by the consistency checks of
 * {@link IndexFile#recover()}.
 *
 * <p>Files are named by their creation time, {@code yyyyMMddHHmmssSSS} (like RocketMQ, but in UTC so that
 * names sort by creation across daylight-saving changes).
 */
public final class IndexFormat {

    public static final int HEADER_SIZE = 40;
    public static final int BEGIN_TIMESTAMP = 0;
    public static final int END_TIMESTAMP = 8;
    public static final int BEGIN_PHY_OFFSET = 16;
    public static final int END_PHY_OFFSET = 24;
    public static final int HASH_SLOT_COUNT = 32;
    public static final int INDEX_COUNT = 36;

    public static final int SLOT_SIZE = 4;

    public static final int ENTRY_SIZE = 20;
    public static final int ENTRY_KEY_HASH = 0;
    public static final int ENTRY_PHY_OFFSET = 4;
    public static final int ENTRY_TIME_DIFF = 12;
    public static final int ENTRY_PREV_INDEX = 16;

    /** The entry number that means "none" in a slot or a prevIndex. */
    public static final int NO_ENTRY = 0;

    /** RocketMQ's defaults: 5,000,000 slots and 20,000,000 entries, about 420 MB per file. */
    public static final int DEFAULT_MAX_HASH_SLOTS = 5_000_000;

    public static final int DEFAULT_MAX_INDEXES = 20_000_000;

    /** File names: creation time in UTC. */
    public static final DateTimeFormatter FILE_NAME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);

    public static final int FILE_NAME_LENGTH = 17;

    private IndexFormat() {}

    /** Bytes of a file with this layout (may exceed an int; {@link IndexFile} refuses such layouts). */
    public static long fileSize(int maxHashSlots, int maxIndexes) {
        return HEADER_SIZE + (long) SLOT_SIZE * maxHashSlots + (long) ENTRY_SIZE * maxIndexes;
    }

    public static int slotPosition(int slot) {
        return HEADER_SIZE + SLOT_SIZE * slot;
    }

    /** Position of entry {@code n}; {@code entryPosition(maxHashSlots, count)} is the end of the used part. */
    public static int entryPosition(int maxHashSlots, int n) {
        return HEADER_SIZE + SLOT_SIZE * maxHashSlots + ENTRY_SIZE * n;
    }
}
