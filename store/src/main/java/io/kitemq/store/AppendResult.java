package io.kitemq.store;

/**
 * What an append did: its status and, when stored, where. For a batch, offsets are those of its first
 * message and {@code messageCount} says how many follow contiguously.
 *
 * @param status outcome
 * @param commitLogOffset physical offset of the (first) record; -1 when nothing was stored
 * @param wroteBytes bytes appended to the CommitLog
 * @param queueOffset logical offset of the (first) message in its ConsumeQueue
 * @param messageCount messages stored
 * @param storeTimestamp the store time written into the record(s)
 * @param remark why, when not stored
 */
public record AppendResult(
        AppendStatus status,
        long commitLogOffset,
        int wroteBytes,
        long queueOffset,
        int messageCount,
        long storeTimestamp,
        String remark) {

    public static AppendResult rejected(AppendStatus status, String remark) {
        return new AppendResult(status, -1, 0, -1, 0, 0, remark);
    }

    public boolean isStored() {
        return commitLogOffset >= 0;
    }

    AppendResult withStatus(AppendStatus s) {
        return new AppendResult(s, commitLogOffset, wroteBytes, queueOffset, messageCount, storeTimestamp, remark);
    }
}
