package io.kitemq.client.rebalance;

import io.kitemq.protocol.message.MessageQueue;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The normalized inputs of one allocation: queues and client ids sorted ascending without
 * duplicates, and this client's index among the client ids ({@code -1} if absent).
 *
 * <p>Immutable and thread-safe.
 */
record AllocationInput(String group, String clientId, List<MessageQueue> queues, List<String> clientIds, int index) {

    AllocationInput {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(clientId, "clientId");
        queues = List.copyOf(queues);
        clientIds = List.copyOf(clientIds);
    }

    /**
     * Validates and normalizes the caller's lists.
     *
     * @throws IllegalArgumentException if {@code clientId} is empty
     */
    static AllocationInput of(String group, String clientId, List<MessageQueue> queues, List<String> clientIds) {
        if (clientId == null || clientId.isEmpty()) {
            throw new IllegalArgumentException("clientId is empty (group " + group + ")");
        }
        Objects.requireNonNull(queues, "queues");
        Objects.requireNonNull(clientIds, "clientIds");
        List<MessageQueue> sortedQueues = List.copyOf(new TreeSet<>(queues));
        List<String> sortedIds = List.copyOf(new TreeSet<>(clientIds));
        return new AllocationInput(
                group == null ? "" : group, clientId, sortedQueues, sortedIds, sortedIds.indexOf(clientId));
    }

    /** True when this client owns nothing for sure: no queues, or the client is not in the group. */
    boolean ownsNothing() {
        return queues.isEmpty() || index < 0;
    }
}
