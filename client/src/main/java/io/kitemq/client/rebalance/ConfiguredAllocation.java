package io.kitemq.client.rebalance;

import io.kitemq.protocol.message.MessageQueue;
import java.util.List;
import java.util.TreeSet;

/**
 * A fixed list of queues chosen by configuration, whatever the group looks like (RocketMQ's
 * {@code CONFIG}). The operator is responsible for giving each client of the group a disjoint list;
 * no check across clients is possible.
 *
 * <p>Unlike RocketMQ, only configured queues that currently exist in the topic are returned, so a
 * stale configuration cannot make the consumer pull a queue the route no longer has.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfiguredAllocation implements AllocationStrategy {

    private final List<MessageQueue> configured;

    public ConfiguredAllocation(List<MessageQueue> configured) {
        this.configured = List.copyOf(new TreeSet<>(configured));
    }

    @Override
    public String name() {
        return "CONFIG";
    }

    /** The configured queues, ascending. */
    public List<MessageQueue> configured() {
        return configured;
    }

    @Override
    public List<MessageQueue> allocate(
            String group, String clientId, List<MessageQueue> queues, List<String> clientIds) {
        AllocationInput in = AllocationInput.of(group, clientId, queues, clientIds);
        return configured.stream().filter(in.queues()::contains).toList();
    }

    @Override
    public String toString() {
        return name() + configured;
    }
}
