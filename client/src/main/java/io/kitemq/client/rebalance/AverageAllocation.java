package io.kitemq.client.rebalance;

import io.kitemq.protocol.message.MessageQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * Contiguous blocks of queues per client, the first {@code queues % clients} clients taking one
 * extra (RocketMQ's {@code AVG}). With 8 queues and 3 clients: c0 gets q0–q2, c1 q3–q5, c2 q6–q7.
 * When there are more clients than queues, the surplus clients own nothing.
 *
 * <p>Immutable and thread-safe.
 */
public final class AverageAllocation implements AllocationStrategy {

    @Override
    public String name() {
        return "AVG";
    }

    @Override
    public List<MessageQueue> allocate(
            String group, String clientId, List<MessageQueue> queues, List<String> clientIds) {
        AllocationInput in = AllocationInput.of(group, clientId, queues, clientIds);
        if (in.ownsNothing()) {
            return List.of();
        }
        int queueCount = in.queues().size();
        int clientCount = in.clientIds().size();
        int index = in.index();
        int mod = queueCount % clientCount;
        boolean takesExtra = mod > 0 && index < mod;
        int blockSize = queueCount <= clientCount ? 1 : queueCount / clientCount + (takesExtra ? 1 : 0);
        int start = takesExtra ? index * blockSize : index * blockSize + mod;
        int range = Math.min(blockSize, queueCount - start);
        List<MessageQueue> result = new ArrayList<>(Math.max(range, 0));
        for (int i = 0; i < range; i++) {
            result.add(in.queues().get((start + i) % queueCount));
        }
        return List.copyOf(result);
    }

    @Override
    public String toString() {
        return name();
    }
}
