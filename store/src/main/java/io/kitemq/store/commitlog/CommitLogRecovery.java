package io.kitemq.store.commitlog;

import io.kitemq.protocol.ProtocolException;
import io.kitemq.protocol.message.MagicVersion;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.protocol.message.StoredMessageFormat;
import io.kitemq.protocol.message.TopicName;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the valid end of a CommitLog after a crash and cuts the torn tail: scans records from the
 * start of the segment holding a known-good offset, verifying each one (TOTALSIZE within the segment,
 * magic code, the PHYSICALOFFSET field equal to its position, body CRC), follows end-of-segment
 * blanks to the next segment, and stops at the first zero or invalid record. Everything from there on
 * is zeroed or deleted.
 *
 * <p>Stateless; call it before the log is used.
 */
public final class CommitLogRecovery {

    private static final Logger log = LoggerFactory.getLogger(CommitLogRecovery.class);

    /**
     * Longest topic a valid record may carry: above the 127 the broker accepts from clients, so that no
     * record the broker wrote itself is ever mistaken for damage.
     */
    private static final int MAX_STORED_TOPIC_LENGTH = 255;

    /** What recovery found. */
    public record Result(long scannedFrom, long validEnd, long records, long bytesTruncated, String stopReason) {}

    private CommitLogRecovery() {}

    /**
     * Scans from the segment holding {@code knownGood} (or the oldest segment when it holds none), sets
     * the log's write position to the valid end, and truncates what follows.
     */
    public static Result recover(CommitLog commitLog, long knownGood) {
        Segment first = commitLog.segmentAt(knownGood);
        if (first == null) {
            first = commitLog.oldest();
        }
        if (first == null) {
            long end = Math.max(0, knownGood - Math.floorMod(knownGood, commitLog.segmentBytes()));
            commitLog.setWritePosition(end);
            log.info("CommitLog recovery: no segments; starting at {}", end);
            return new Result(end, end, 0, 0, "no segments");
        }
        long pos = first.base();
        long records = 0;
        String stop = "end of the last segment";
        while (true) {
            Segment s = commitLog.segmentAt(pos);
            if (s == null) {
                break;
            }
            String problem = checkRecordAt(s, pos);
            if (problem == null) {
                int size = s.file().buffer().getInt((int) (pos - s.base()));
                if (StoredMessageFormat.isBlank(s.file().buffer(), (int) (pos - s.base()))) {
                    pos = s.end();
                } else {
                    pos += size;
                    records++;
                }
            } else {
                stop = problem;
                break;
            }
        }
        long truncated = commitLog.truncate(pos);
        if (truncated > 0) {
            log.warn(
                    "CommitLog recovery: scanned {} records from {}; valid end {}; cut {} bytes of torn tail ({})",
                    records,
                    first.base(),
                    pos,
                    truncated,
                    stop);
        } else {
            log.info(
                    "CommitLog recovery: scanned {} records from {}; valid end {}; nothing to cut",
                    records,
                    first.base(),
                    pos);
        }
        return new Result(first.base(), pos, records, truncated, stop);
    }

    /** Null when a valid record or end-of-segment blank starts at {@code pos}; else why not. */
    static String checkRecordAt(Segment s, long pos) {
        ByteBuffer b = s.file().buffer();
        int index = (int) (pos - s.base());
        int remaining = s.size() - index;
        if (remaining < StoredMessageFormat.END_FILE_MIN_BLANK_LENGTH) {
            return "segment ends without a blank marker at " + pos;
        }
        int size = b.getInt(index);
        int magic = b.getInt(index + 4);
        if (size == 0 && magic == 0) {
            return "no record at " + pos;
        }
        if (size == 0) {
            return "half-written record at " + pos + " (its TOTALSIZE was never published)";
        }
        if (magic == StoredMessageFormat.BLANK_MAGIC_CODE) {
            return size == remaining
                    ? null
                    : "blank marker of " + size + " bytes at " + pos + " does not reach the segment end";
        }
        MagicVersion version = MagicVersion.ofMagicCodeOrNull(magic);
        if (version == null) {
            return "bad magic code " + Integer.toHexString(magic) + " at " + pos;
        }
        if (size <= 0 || size > remaining - StoredMessageFormat.END_FILE_MIN_BLANK_LENGTH) {
            return "record size " + size + " at " + pos + " does not fit the segment";
        }
        if (b.getLong(index + StoredMessageFormat.PHYSICAL_OFFSET_POSITION) != pos) {
            return "record at " + pos + " says it is at "
                    + b.getLong(index + StoredMessageFormat.PHYSICAL_OFFSET_POSITION);
        }
        MessageExt m;
        try {
            m = StoredMessageCodec.decode(b.duplicate().limit(index + size), index, false, false, true);
        } catch (ProtocolException e) {
            return "record at " + pos + " is corrupt: " + e.getMessage();
        }
        // the body CRC does not cover topic and properties: a torn tail there must still be caught
        String topic = m.getTopic();
        if (topic.isEmpty() || topic.length() > MAX_STORED_TOPIC_LENGTH || TopicName.illegalCharAt(topic) >= 0) {
            return "record at " + pos + " has an invalid topic (torn write?)";
        }
        // encoded properties always end with the property separator (char 2): a lost tail shows here. The field's
        // stored length decides, not the decoded map: a tail cut to zeros can decode to no properties at all
        int sysFlag = m.getSysFlag();
        int bodyLength = b.getInt(index + StoredMessageFormat.bodyLengthPosition(sysFlag));
        int propertiesLength = size - StoredMessageFormat.recordSize(bodyLength, topic.length(), 0, sysFlag, version);
        int last = b.get(index + size - 1);
        if (propertiesLength > 0 && last != 2) {
            return "record at " + pos + " has a truncated properties field (torn write?)";
        }
        return null;
    }
}
