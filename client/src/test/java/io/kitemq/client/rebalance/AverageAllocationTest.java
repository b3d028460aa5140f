package io.kitemq.client.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kitemq.protocol.message.MessageQueue;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AverageAllocationTest {

    private static final List<MessageQueue> EIGHT =
            IntStream.range(0, 8).mapToObj(i -> new MessageQueue("T", "b", i)).toList();

    @Test
    void contiguousBlocksWithTheRemainderOnTheFirstClients() {
        List<String> clients = List.of("c2", "c0", "c1");
        AverageAllocation avg = new AverageAllocation();
        assertThat(avg.allocate("G", "c0", EIGHT, clients)).containsExactlyElementsOf(EIGHT.subList(0, 3));
        assertThat(avg.allocate("G", "c1", EIGHT, clients)).containsExactlyElementsOf(EIGHT.subList(3, 6));
        assertThat(avg.allocate("G", "c2", EIGHT, clients)).containsExactlyElementsOf(EIGHT.subList(6, 8));
    }

    @Test
    void circleDealsRoundRobin() {
        List<String> clients = List.of("c0", "c1", "c2");
        assertThat(new CircleAllocation().allocate("G", "c1", EIGHT, clients))
                .containsExactly(EIGHT.get(1), EIGHT.get(4), EIGHT.get(7));
    }

    @Test
    void surplusClientsOwnNothing() {
        List<String> clients = IntStream.range(0, 10).mapToObj(i -> "c" + i).toList();
        assertThat(new AverageAllocation().allocate("G", "c9", EIGHT, clients)).isEmpty();
        assertThat(new AverageAllocation().allocate("G", "c7", EIGHT, clients)).containsExactly(EIGHT.get(7));
    }

    @Test
    void emptyClientIdIsRejected() {
        assertThatThrownBy(() -> new AverageAllocation().allocate("G", "", EIGHT, List.of("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("G");
    }

    @Test
    void consistentHashUsesRocketMqQueueText() {
        assertThat(ConsistentHashAllocation.rocketMqText(new MessageQueue("T", "b", 3)))
                .isEqualTo("MessageQueue [topic=T, brokerName=b, queueId=3]");
    }
}
