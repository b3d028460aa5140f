package io.kitemq.store.dispatch;

/**
 * Receives every record appended to the CommitLog, in order, on the dispatcher thread (ConsumeQueues,
 * the index, new-message listeners). Must be fast and must not throw for ordinary input; it is called
 * again for the same records after a crash (re-dispatch), so it must be idempotent.
 */
@FunctionalInterface
public interface DispatchTarget {

    void dispatch(DispatchRequest request);
}
