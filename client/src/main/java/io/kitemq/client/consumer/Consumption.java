package io.kitemq.client.consumer;

import io.kitemq.protocol.message.MessageExt;
import java.time.Duration;
import java.util.List;

/**
 * Hands pulled messages of a queue to the application's listener; concurrent or orderly. Implementations
 * own their listener threads and are thread-safe.
 */
interface Consumption {

    /** New messages of {@code pq} were added to it; consume them. */
    void submit(ProcessQueue pq, List<MessageExt> messages);

    /** Whether pulls of a queue must respect the span limit (concurrent only). */
    boolean orderly();

    /** Stops taking work and waits up to {@code grace} for listener calls in progress. */
    void shutdown(Duration grace);
}
