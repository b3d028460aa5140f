package io.kitemq.client.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.protocol.body.BrokerData;
import io.kitemq.protocol.body.QueueData;
import io.kitemq.protocol.body.TopicRouteData;
import io.kitemq.protocol.message.MessageQueue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicRouteTest {

    private static final BrokerData A =
            new BrokerData("c", "broker-a", Map.of(0L, "10.0.0.1:10911", 1L, "10.0.0.2:10911"));
    private static final BrokerData B_SLAVE_ONLY = new BrokerData("c", "broker-b", Map.of(1L, "10.0.0.3:10911"));
    private static final BrokerData C = new BrokerData("c", "broker-c", Map.of(0L, "10.0.0.4:10911"));

    @Test
    void publishQueuesAreWritableQueuesOfBrokersWithAMasterSortedByBroker() {
        TopicRoute route = new TopicRoute(
                "T",
                new TopicRouteData(
                        List.of(
                                new QueueData("broker-c", 2, 2, 6, 0),
                                new QueueData("broker-b", 2, 2, 6, 0),
                                new QueueData("broker-a", 3, 2, 6, 0)),
                        List.of(A, B_SLAVE_ONLY, C)));

        assertThat(route.publishQueues())
                .containsExactly(
                        new MessageQueue("T", "broker-a", 0),
                        new MessageQueue("T", "broker-a", 1),
                        new MessageQueue("T", "broker-c", 0),
                        new MessageQueue("T", "broker-c", 1));
        assertThat(route.subscribeQueues()).hasSize(7).startsWith(new MessageQueue("T", "broker-a", 0));
        assertThat(route.masterAddress("broker-a")).isEqualTo("10.0.0.1:10911");
        assertThat(route.masterAddress("broker-b")).isNull();
        assertThat(route.anyAddress("broker-b")).isEqualTo("10.0.0.3:10911");
    }

    @Test
    void readOnlyAndWriteOnlyQueuesAreSeparated() {
        TopicRoute route = new TopicRoute(
                "T",
                new TopicRouteData(
                        List.of(
                                new QueueData("broker-a", 4, 4, TopicRoute.PERM_READ, 0),
                                new QueueData("broker-c", 4, 4, TopicRoute.PERM_WRITE, 0)),
                        List.of(A, C)));

        assertThat(route.publishQueues()).extracting(MessageQueue::brokerName).containsOnly("broker-c");
        assertThat(route.subscribeQueues()).extracting(MessageQueue::brokerName).containsOnly("broker-a");
    }

    @Test
    void orderTopicConfDecidesThePublishQueues() {
        TopicRoute route = new TopicRoute(
                "T",
                new TopicRouteData(
                        "broker-c:1;broker-a:2",
                        List.of(new QueueData("broker-a", 8, 8, 6, 0)),
                        List.of(A, C),
                        null,
                        null));

        assertThat(route.publishQueues())
                .containsExactly(
                        new MessageQueue("T", "broker-c", 0),
                        new MessageQueue("T", "broker-a", 0),
                        new MessageQueue("T", "broker-a", 1));
    }

    @Test
    void derivedRouteUsesTheTemplateBrokersWithAtMostTheDefaultQueues() {
        TopicRoute template = new TopicRoute(
                "TBW102", new TopicRouteData(List.of(new QueueData("broker-a", 8, 8, 7, 0)), List.of(A)));

        TopicRoute derived = TopicRoute.derived("New", template, 4);

        assertThat(derived.topic()).isEqualTo("New");
        assertThat(derived.publishQueues()).hasSize(4).allMatch(q -> q.topic().equals("New"));
    }
}
