package io.kitemq.store.dispatch;

import java.util.Map;

/**
 * What the dispatcher read from one CommitLog record: everything a ConsumeQueue entry, the index and
 * new-message listeners need.
 *
 * @param properties the record's properties (decoded once, shared read-only by every target)
 */
public record DispatchRequest(
        String topic,
        int queueId,
        long queueOffset,
        long commitLogOffset,
        int size,
        long tagHash,
        long storeTimestamp,
        int sysFlag,
        Map<String, String> properties) {}
