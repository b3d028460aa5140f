package io.kitemq.client.rebalance;

import io.kitemq.protocol.message.MessageQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Consumes only queues of brokers in the given machine rooms (RocketMQ's {@code MACHINE_ROOM}). A
 * broker's room is the part of its name before {@code @} ({@code room1@broker-a}); brokers named
 * without exactly one {@code @} belong to no room and are never consumed. The eligible queues are
 * split in contiguous blocks, the remainder dealt one each to the first clients.
 *
 * <p>Immutable and thread-safe.
 */
public final class MachineRoomAllocation implements AllocationStrategy {

    private final Set<String> rooms;

    public MachineRoomAllocation(Set<String> rooms) {
        this.rooms = Set.copyOf(rooms);
    }

    @Override
    public String name() {
        return "MACHINE_ROOM";
    }

    @Override
    public List<MessageQueue> allocate(
            String group, String clientId, List<MessageQueue> queues, List<String> clientIds) {
        AllocationInput in = AllocationInput.of(group, clientId, queues, clientIds);
        if (in.ownsNothing()) {
            return List.of();
        }
        List<MessageQueue> eligible = in.queues().stream().filter(this::inRoom).toList();
        int clientCount = in.clientIds().size();
        int blockSize = eligible.size() / clientCount;
        int remainder = eligible.size() % clientCount;
        int start = blockSize * in.index();
        List<MessageQueue> result = new ArrayList<>(eligible.subList(start, start + blockSize));
        if (remainder > in.index()) {
            result.add(eligible.get(in.index() + blockSize * clientCount));
        }
        return List.copyOf(result);
    }

    private boolean inRoom(MessageQueue queue) {
        String[] parts = queue.brokerName().split("@");
        return parts.length == 2 && rooms.contains(parts[0]);
    }

    @Override
    public String toString() {
        return name() + rooms;
    }
}
