package io.kitemq.client.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.protocol.message.MessageQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.rocketmq.client.consumer.AllocateMessageQueueStrategy;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragelyByCircle;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueByMachineRoom;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueConsistentHash;

/**
 * Our allocation strategies against the official client 5.5.0's strategies of the same name, on the
 * sorted inputs its rebalance passes them: the same queues for every client.
 */
class OfficialAllocationParityTest {

    record Group(List<MessageQueue> queues, List<String> clients) {}

    @Provide
    Arbitrary<Group> groups() {
        Arbitrary<List<MessageQueue>> queues = Combinators.combine(
                        Arbitraries.of("broker-a", "broker-b", "room1@broker-c", "room2@broker-d")
                                .set()
                                .ofMinSize(1),
                        Arbitraries.integers().between(1, 16))
                .as((brokers, perBroker) -> {
                    List<MessageQueue> all = new ArrayList<>();
                    brokers.stream().sorted().forEach(b -> {
                        for (int q = 0; q < perBroker; q++) {
                            all.add(new MessageQueue("TopicA", b, q));
                        }
                    });
                    all.sort(null);
                    return all;
                });
        Arbitrary<List<String>> clients = Arbitraries.strings()
                .withCharRange('a', 'z')
                .numeric()
                .withChars('@', '.', '#')
                .ofMinLength(1)
                .ofMaxLength(24)
                .set()
                .ofMinSize(1)
                .ofMaxSize(10)
                .map(set -> set.stream().sorted().toList());
        return Combinators.combine(queues, clients).as(Group::new);
    }

    @Property(tries = 200)
    void average(@ForAll("groups") Group group) {
        assertSame(group, new AverageAllocation(), new AllocateMessageQueueAveragely());
    }

    @Property(tries = 200)
    void averageByCircle(@ForAll("groups") Group group) {
        assertSame(group, new CircleAllocation(), new AllocateMessageQueueAveragelyByCircle());
    }

    @Property(tries = 200)
    void consistentHash(@ForAll("groups") Group group) {
        assertSame(group, new ConsistentHashAllocation(), new AllocateMessageQueueConsistentHash());
        assertSame(group, new ConsistentHashAllocation(4), new AllocateMessageQueueConsistentHash(4));
    }

    @Property(tries = 200)
    void machineRoom(@ForAll("groups") Group group) {
        AllocateMessageQueueByMachineRoom official = new AllocateMessageQueueByMachineRoom();
        official.setConsumeridcs(Set.of("room1", "room2"));
        assertSame(group, new MachineRoomAllocation(Set.of("room1", "room2")), official);
    }

    private static void assertSame(Group group, AllocationStrategy ours, AllocateMessageQueueStrategy official) {
        assertThat(ours.name()).isEqualTo(official.getName());
        List<org.apache.rocketmq.common.message.MessageQueue> officialQueues = group.queues().stream()
                .map(q -> new org.apache.rocketmq.common.message.MessageQueue(q.topic(), q.brokerName(), q.queueId()))
                .toList();
        for (String client : group.clients()) {
            List<MessageQueue> expected = official.allocate("G", client, officialQueues, group.clients()).stream()
                    .map(q -> new MessageQueue(q.getTopic(), q.getBrokerName(), q.getQueueId()))
                    .sorted()
                    .toList();
            assertThat(ours.allocate("G", client, group.queues(), group.clients()))
                    .as("%s for %s", ours.name(), client)
                    .isEqualTo(expected);
        }
    }
}
