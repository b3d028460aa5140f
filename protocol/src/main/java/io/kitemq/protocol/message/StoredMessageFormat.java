package io.kitemq.protocol.message;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * The layout of one stored message record: a CommitLog entry and, unchanged, one element of a pull
 * response body (PROTOCOL.md §6). Big-endian. Positions below are for IPv4 born and store hosts; each
 * IPv6 host ({@link MessageSysFlag#BORNHOST_V6_FLAG}, {@link MessageSysFlag#STOREHOSTADDRESS_V6_FLAG})
 * adds 12 bytes and shifts everything after it.
 *
 * <pre>
 *  offset  size  field
 *  0       4     TOTALSIZE              whole record, this field included
 *  4       4     MAGICCODE              V1 0xDAA320A7 / V2 0xDAA320AB ({@link MagicVersion})
 *  8       4     BODYCRC                CRC32 of the stored body &amp; 0x7FFFFFFF
 *  12      4     QUEUEID
 *  16      4     FLAG                   user flag
 *  20      8     QUEUEOFFSET            logical offset in the ConsumeQueue
 *  28      8     PHYSICALOFFSET         offset of this record in the CommitLog
 *  36      4     SYSFLAG                {@link MessageSysFlag}
 *  40      8     BORNTIMESTAMP          ms
 *  48      8|20  BORNHOST               IPv4 4 + port 4, or IPv6 16 + port 4
 *  56      8     STORETIMESTAMP         ms                               (68 if born host is IPv6)
 *  64      8|20  STOREHOST              as BORNHOST
 *  72      4     RECONSUMETIMES
 *  76      8     PREPARED TRANSACTION OFFSET
 *  84      4     BODY length b          then b body bytes (compressed if sysFlag says so)
 *  88+b    1|2   TOPIC length t         1 byte in V1, 2 bytes in V2, signed; then t UTF-8 bytes
 *  ..      2     PROPERTIES length p    signed short; then p bytes ({@link MessageProperties})
 * </pre>
 *
 * Fixed overhead with IPv4 hosts is 91 bytes in V1 and 92 in V2. A CommitLog segment that cannot hold
 * the next record ends with a blank marker: TOTALSIZE = bytes left in the segment (at least
 * {@value #END_FILE_MIN_BLANK_LENGTH}), MAGICCODE = {@link #BLANK_MAGIC_CODE}, the rest undefined.
 *
 * <p>Constants and pure functions; thread-safe.
 */
public final class StoredMessageFormat {

    public static final int TOTAL_SIZE_POSITION = 0;
    public static final int MAGIC_CODE_POSITION = 4;
    public static final int BODY_CRC_POSITION = 8;
    public static final int QUEUE_ID_POSITION = 12;
    public static final int FLAG_POSITION = 16;
    public static final int QUEUE_OFFSET_POSITION = 20;
    public static final int PHYSICAL_OFFSET_POSITION = 28;
    public static final int SYS_FLAG_POSITION = 36;
    public static final int BORN_TIMESTAMP_POSITION = 40;
    public static final int BORN_HOST_POSITION = 48;
    /** STORETIMESTAMP when the born host is IPv4 (RocketMQ's MESSAGE_STORE_TIMESTAMP_POSITION). */
    public static final int STORE_TIMESTAMP_POSITION_V4 = 56;

    /** MAGICCODE of a V1 record. */
    public static final int MAGIC_CODE_V1 = 0xDAA320A7;
    /** MAGICCODE of a V2 record (2-byte topic length). */
    public static final int MAGIC_CODE_V2 = 0xDAA320AB;
    /** MAGICCODE of the blank that pads the end of a CommitLog segment (0xCBD43194). */
    public static final int BLANK_MAGIC_CODE = 0xCBD43194;
    /** The smallest blank: TOTALSIZE and MAGICCODE. A segment keeps room for it after every record. */
    public static final int END_FILE_MIN_BLANK_LENGTH = 4 + 4;

    /** Size of an IPv4 host field (4 + port 4). */
    public static final int HOST_LENGTH_V4 = 8;
    /** Size of an IPv6 host field (16 + port 4). */
    public static final int HOST_LENGTH_V6 = 20;
    /** Size of everything but body, topic and properties, for IPv4 hosts and a V1 record. */
    public static final int FIXED_OVERHEAD_V4_V1 = 91;
    /** Largest properties length the 2-byte signed field holds. */
    public static final int MAX_PROPERTIES_LENGTH = Short.MAX_VALUE;

    private StoredMessageFormat() {}

    public static int bornHostLength(int sysFlag) {
        return MessageSysFlag.isBornHostV6(sysFlag) ? HOST_LENGTH_V6 : HOST_LENGTH_V4;
    }

    public static int storeHostLength(int sysFlag) {
        return MessageSysFlag.isStoreHostV6(sysFlag) ? HOST_LENGTH_V6 : HOST_LENGTH_V4;
    }

    public static int storeTimestampPosition(int sysFlag) {
        return BORN_HOST_POSITION + bornHostLength(sysFlag);
    }

    public static int storeHostPosition(int sysFlag) {
        return storeTimestampPosition(sysFlag) + 8;
    }

    public static int reconsumeTimesPosition(int sysFlag) {
        return storeHostPosition(sysFlag) + storeHostLength(sysFlag);
    }

    public static int preparedTransactionOffsetPosition(int sysFlag) {
        return reconsumeTimesPosition(sysFlag) + 4;
    }

    /** Position of the BODY length field; the body follows it. */
    public static int bodyLengthPosition(int sysFlag) {
        return preparedTransactionOffsetPosition(sysFlag) + 8;
    }

    /**
     * TOTALSIZE of a record with the given field lengths (RocketMQ's {@code CommitLog.calMsgLength}).
     *
     * @throws IllegalArgumentException when a length is negative or the record would not fit in an int
     */
    public static int recordSize(
            int bodyLength, int topicLength, int propertiesLength, int sysFlag, MagicVersion version) {
        if (bodyLength < 0 || topicLength < 0 || propertiesLength < 0) {
            throw new IllegalArgumentException("negative length: body " + bodyLength + ", topic " + topicLength
                    + ", properties " + propertiesLength);
        }
        long size = (long) bodyLengthPosition(sysFlag)
                + 4
                + bodyLength
                + version.topicLengthSize()
                + topicLength
                + 2
                + propertiesLength;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("stored record of " + size + " bytes exceeds 2 GiB");
        }
        return (int) size;
    }

    /** Smallest possible record for {@code sysFlag} and {@code version}: empty body, topic, properties. */
    public static int minRecordSize(int sysFlag, MagicVersion version) {
        return recordSize(0, 0, 0, sysFlag, version);
    }

    /** The BODYCRC of {@code body}: CRC32 masked to 31 bits, as RocketMQ's {@code UtilAll.crc32}. */
    public static int bodyCrc(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body, 0, body.length);
        return (int) (crc.getValue() & 0x7FFFFFFFL);
    }

    /** The BODYCRC of {@code length} bytes at absolute {@code index}; the buffer's position is unchanged. */
    public static int bodyCrc(ByteBuffer src, int index, int length) {
        CRC32 crc = new CRC32();
        crc.update(src.duplicate().limit(index + length).position(index));
        return (int) (crc.getValue() & 0x7FFFFFFFL);
    }

    /** Whether the record at absolute {@code index} begins with the end-of-segment blank marker. */
    public static boolean isBlank(ByteBuffer buf, int index) {
        return index >= 0
                && index <= buf.limit() - END_FILE_MIN_BLANK_LENGTH
                && buf.getInt(index + MAGIC_CODE_POSITION) == BLANK_MAGIC_CODE;
    }

    /**
     * Writes an end-of-segment blank of {@code length} bytes (TOTALSIZE and MAGICCODE; the rest is left
     * as it is) at the buffer's position and advances the position by {@code length}.
     */
    public static void writeBlank(ByteBuffer dst, int length) {
        if (dst.order() != ByteOrder.BIG_ENDIAN) {
            throw new IllegalArgumentException("stored records are big-endian; the buffer is " + dst.order());
        }
        if (length < END_FILE_MIN_BLANK_LENGTH || length > dst.remaining()) {
            throw new IllegalArgumentException(
                    "blank of " + length + " bytes with " + dst.remaining() + " bytes remaining");
        }
        int at = dst.position();
        dst.putInt(at, length);
        dst.putInt(at + MAGIC_CODE_POSITION, BLANK_MAGIC_CODE);
        dst.position(at + length);
    }
}
