package io.kitemq.client.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.protocol.message.MessageQueue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Group-wide invariants of the allocation strategies. */
class AllocationStrategyPropertyTest {

    record Group(List<MessageQueue> queues, List<String> clients) {}

    @Provide
    Arbitrary<Group> groups() {
        Arbitrary<List<MessageQueue>> queues = Combinators.combine(
                        Arbitraries.of("broker-a", "broker-b", "room1@broker-c", "room2@broker-d")
                                .set()
                                .ofMinSize(1)
                                .ofMaxSize(4),
                        Arbitraries.integers().between(1, 16))
                .as((brokers, perBroker) -> {
                    List<MessageQueue> all = new ArrayList<>();
                    for (String broker : brokers) {
                        for (int q = 0; q < perBroker; q++) {
                            all.add(new MessageQueue("T", broker, q));
                        }
                    }
                    return all;
                });
        Arbitrary<List<String>> clients = Arbitraries.strings()
                .withCharRange('a', 'z')
                .numeric()
                .withChars('@', '.')
                .ofMinLength(1)
                .ofMaxLength(20)
                .set()
                .ofMinSize(1)
                .ofMaxSize(12)
                .map(ArrayList::new);
        return Combinators.combine(queues, clients).as(Group::new);
    }

    @Provide
    Arbitrary<AllocationStrategy> completeStrategies() {
        return Arbitraries.of(
                new AverageAllocation(),
                new CircleAllocation(),
                new ConsistentHashAllocation(),
                new ConsistentHashAllocation(3));
    }

    @Property(tries = 300)
    void everyQueueAssignedExactlyOnce(
            @ForAll("groups") Group group, @ForAll("completeStrategies") AllocationStrategy strategy) {
        Map<MessageQueue, String> owners = owners(strategy, group.queues(), group.clients());
        assertThat(owners.keySet()).containsExactlyInAnyOrderElementsOf(group.queues());
    }

    @Property(tries = 300)
    void averageStrategiesAreBalanced(@ForAll("groups") Group group, @ForAll boolean circle) {
        AllocationStrategy strategy = circle ? new CircleAllocation() : new AverageAllocation();
        int clients = group.clients().size();
        int queues = group.queues().size();
        for (String client : group.clients()) {
            int owned = strategy.allocate("G", client, group.queues(), group.clients())
                    .size();
            assertThat(owned).isBetween(queues / clients, (queues + clients - 1) / clients);
        }
    }

    @Property(tries = 300)
    void stableUnderReorderingOfClientsAndQueues(
            @ForAll("groups") Group group,
            @ForAll("completeStrategies") AllocationStrategy strategy,
            @ForAll long seed) {
        List<String> shuffledClients = new ArrayList<>(group.clients());
        List<MessageQueue> shuffledQueues = new ArrayList<>(group.queues());
        Collections.shuffle(shuffledClients, new Random(seed));
        Collections.shuffle(shuffledQueues, new Random(seed + 1));
        for (String client : group.clients()) {
            assertThat(strategy.allocate("G", client, shuffledQueues, shuffledClients))
                    .isEqualTo(strategy.allocate("G", client, group.queues(), group.clients()));
        }
    }

    @Property(tries = 200)
    void machineRoomAssignsEveryQueueOfItsRoomsExactlyOnce(@ForAll("groups") Group group) {
        AllocationStrategy strategy = new MachineRoomAllocation(Set.of("room1"));
        Map<MessageQueue, String> owners = owners(strategy, group.queues(), group.clients());
        List<MessageQueue> inRoom = group.queues().stream()
                .filter(q -> q.brokerName().startsWith("room1@"))
                .toList();
        assertThat(owners.keySet()).containsExactlyInAnyOrderElementsOf(inRoom);
    }

    @Property(tries = 200)
    void clientOutsideTheGroupOwnsNothing(
            @ForAll("groups") Group group, @ForAll("completeStrategies") AllocationStrategy strategy) {
        assertThat(strategy.allocate("G", "not-a-member!", group.queues(), group.clients()))
                .isEmpty();
    }

    @Property(tries = 200)
    void consistentHashMovesOnlyTheLeaversQueues(
            @ForAll("groups") Group group, @ForAll @IntRange(min = 0, max = 11) int leaverIndex) {
        if (group.clients().size() < 2) {
            return;
        }
        String leaver = group.clients().get(leaverIndex % group.clients().size());
        List<String> remaining = new ArrayList<>(group.clients());
        remaining.remove(leaver);
        AllocationStrategy strategy = new ConsistentHashAllocation();
        Map<MessageQueue, String> before = owners(strategy, group.queues(), group.clients());
        Map<MessageQueue, String> after = owners(strategy, group.queues(), remaining);
        before.forEach((queue, owner) -> {
            if (!owner.equals(leaver)) {
                assertThat(after.get(queue)).as("owner of %s", queue).isEqualTo(owner);
            }
        });
    }

    @Property(tries = 100)
    void configuredReturnsOnlyExistingConfiguredQueues(@ForAll("groups") Group group) {
        MessageQueue gone = new MessageQueue("T", "no-such-broker", 0);
        List<MessageQueue> configured = new ArrayList<>(group.queues().subList(0, 1));
        configured.add(gone);
        AllocationStrategy strategy = new ConfiguredAllocation(configured);
        assertThat(strategy.allocate("G", group.clients().get(0), group.queues(), group.clients()))
                .containsExactly(group.queues().get(0));
    }

    private static Map<MessageQueue, String> owners(
            AllocationStrategy strategy, List<MessageQueue> queues, List<String> clients) {
        Map<MessageQueue, String> owners = new HashMap<>();
        for (String client : new HashSet<>(clients)) {
            for (MessageQueue q : strategy.allocate("G", client, queues, clients)) {
                String previous = owners.put(q, client);
                assertThat(previous)
                        .as("%s owned by %s and %s", q, previous, client)
                        .isNull();
            }
        }
        return owners;
    }
}
