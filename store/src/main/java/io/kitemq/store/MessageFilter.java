package io.kitemq.store;

import java.nio.ByteBuffer;

/**
 * Decides which messages a read returns: first by the tag hash in the ConsumeQueue entry (cheap, no
 * CommitLog access), then optionally by the stored record itself (property filters).
 * Implementations must be thread-safe.
 */
public interface MessageFilter {

    /** Returns every message. */
    MessageFilter ALL = tagHash -> true;

    boolean matchesTagHash(long tagHash);

    /** Called only for entries whose tag hash matched; {@code record} is a read-only view. */
    default boolean matchesRecord(ByteBuffer record) {
        return true;
    }
}
