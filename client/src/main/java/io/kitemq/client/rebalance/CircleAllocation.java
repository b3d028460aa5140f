package io.kitemq.client.rebalance;

import io.kitemq.protocol.message.MessageQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * Queues dealt to clients round-robin like cards (RocketMQ's {@code AVG_BY_CIRCLE}): client
 * {@code i} owns queues {@code i, i + n, i + 2n, …} of the sorted queue list.
 *
 * <p>Immutable and thread-safe.
 */
public final class CircleAllocation implements AllocationStrategy {

    @Override
    public String name() {
        return "AVG_BY_CIRCLE";
    }

    @Override
    public List<MessageQueue> allocate(
            String group, String clientId, List<MessageQueue> queues, List<String> clientIds) {
        AllocationInput in = AllocationInput.of(group, clientId, queues, clientIds);
        if (in.ownsNothing()) {
            return List.of();
        }
        List<MessageQueue> result = new ArrayList<>();
        for (int i = in.index(); i < in.queues().size(); i += in.clientIds().size()) {
            result.add(in.queues().get(i));
        }
        return List.copyOf(result);
    }

    @Override
    public String toString() {
        return name();
    }
}
