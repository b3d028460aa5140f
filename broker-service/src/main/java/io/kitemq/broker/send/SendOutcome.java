package io.kitemq.broker.send;

import io.kitemq.protocol.code.ResponseCode;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link SendPath#send} did, for either door to answer with: RocketMQ's response code and remark
 * (what the remoting answer carries), a {@link Verdict} that says which kind of refusal it was (the REST
 * door maps it to an HTTP status; the response code alone cannot tell an illegal queue id from a failed
 * append), and, when stored, where: the queue, the queue offset of the first message (a batch has
 * consecutive offsets), one offsetMsgId per message and the bytes written to the CommitLog.
 *
 * <p>Immutable and thread-safe.
 *
 * @param code {@code SUCCESS} or {@code FLUSH_DISK_TIMEOUT} when stored, the refusal's code otherwise
 * @param verdict stored, or the kind of refusal
 * @param remark why not stored; null when stored
 * @param queueId the queue written; -1 when nothing was stored
 * @param queueOffset the first message's queue offset; -1 when nothing was stored
 * @param offsetMsgIds the broker's id of each stored message, in order; empty when nothing was stored
 * @param wroteBytes CommitLog bytes written; 0 when nothing was stored
 */
public record SendOutcome(
        ResponseCode code,
        Verdict verdict,
        String remark,
        int queueId,
        long queueOffset,
        List<String> offsetMsgIds,
        long wroteBytes) {

    /** Stored, or why not. */
    public enum Verdict {
        /** Stored (code {@code SUCCESS}, or {@code FLUSH_DISK_TIMEOUT} when not yet forced to disk). */
        STORED,
        /** The request is malformed: topic name, queue id, unreadable or empty message. */
        INVALID,
        /** Sending is not allowed: system topic, topic or broker not writable. */
        FORBIDDEN,
        /** The topic does not exist and was not auto-created. */
        TOPIC_NOT_FOUND,
        /** Body or properties exceed the broker's limits. */
        TOO_LARGE,
        /** A feature this broker does not offer yet (transactional or delayed messages). */
        UNSUPPORTED,
        /** The store is read-only or closed. */
        UNAVAILABLE,
        /** The append failed unexpectedly. */
        FAILED
    }

    public SendOutcome {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(verdict, "verdict");
        offsetMsgIds = List.copyOf(offsetMsgIds);
        boolean storedCode = code == ResponseCode.SUCCESS || code == ResponseCode.FLUSH_DISK_TIMEOUT;
        if ((verdict == Verdict.STORED) != storedCode) {
            throw new IllegalArgumentException("verdict " + verdict + " does not go with code " + code);
        }
        if ((verdict == Verdict.STORED) == offsetMsgIds.isEmpty()) {
            throw new IllegalArgumentException("verdict " + verdict + " with " + offsetMsgIds.size() + " offsetMsgIds");
        }
        if (verdict != Verdict.STORED) {
            Objects.requireNonNull(remark, "remark of a refusal");
        }
    }

    /** A stored send. */
    public static SendOutcome stored(
            ResponseCode code, int queueId, long queueOffset, List<String> offsetMsgIds, long wroteBytes) {
        return new SendOutcome(code, Verdict.STORED, null, queueId, queueOffset, offsetMsgIds, wroteBytes);
    }

    /** A refused send: nothing stored. */
    public static SendOutcome refused(ResponseCode code, Verdict verdict, String remark) {
        return new SendOutcome(code, verdict, remark, -1, -1, List.of(), 0);
    }

    public boolean isStored() {
        return verdict == Verdict.STORED;
    }

    /** The offsetMsgIds comma-joined, as the remoting send response header carries them. */
    public String joinedOffsetMsgIds() {
        return String.join(",", offsetMsgIds);
    }
}
