package io.kitemq.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Round trips through {@link BodyCodec} (ours → ours) and against RocketMQ's fastjson code (theirs →
 * ours and ours → theirs) for generated bodies. Strings mix JSON-special, control and multi-byte
 * characters.
 */
class BodyPropertiesTest {

    @Property(tries = 300)
    void topicRouteDataRoundTrips(@ForAll("routes") TopicRouteData route) {
        assertThat(BodyCodec.decode(BodyCodec.encode(route), TopicRouteData.class))
                .isEqualTo(route);
    }

    @Property(tries = 300)
    void heartbeatDataRoundTrips(@ForAll("heartbeats") HeartbeatData heartbeat) {
        assertThat(BodyCodec.decode(BodyCodec.encode(heartbeat), HeartbeatData.class))
                .isEqualTo(heartbeat);
    }

    @Property(tries = 200)
    void topicRouteDataAgainstRocketMq(@ForAll("routes") TopicRouteData route) {
        BodyOracleTest.assertBothWays(
                route,
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                TopicRouteData.class,
                org.apache.rocketmq.remoting.protocol.route.TopicRouteData.class);
    }

    @Property(tries = 200)
    void heartbeatDataAgainstRocketMq(@ForAll("heartbeats") HeartbeatData heartbeat) {
        BodyOracleTest.assertBothWays(
                heartbeat,
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                HeartbeatData.class,
                org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData.class);
    }

    @Property(tries = 200)
    void queueKeyedBodiesAgainstRocketMq(@ForAll("offsetTables") Map<QueueRef, Long> table) {
        BodyOracleTest.assertBothWays(
                new ResetOffsetBody(table),
                RocketMqOracle::theirs,
                RocketMqOracle::ours,
                ResetOffsetBody.class,
                org.apache.rocketmq.remoting.protocol.body.ResetOffsetBody.class);
    }

    // ---- generators ---------------------------------------------------------------------------------

    static Arbitrary<String> text() {
        return Arbitraries.strings()
                .withCharRange(' ', '~')
                .withChars('"', '\\', '\n', '\t', '\u0001', 'é', '中', '{', '}', ':', ',')
                .ofMaxLength(12);
    }

    @Provide
    Arbitrary<TopicRouteData> routes() {
        Arbitrary<QueueData> queue = Combinators.combine(
                        text(),
                        Arbitraries.integers().between(0, 64),
                        Arbitraries.integers().between(0, 64),
                        Arbitraries.of(0, 2, 4, 6),
                        Arbitraries.integers())
                .as(QueueData::new);
        Arbitrary<BrokerData> broker = Combinators.combine(
                        text().injectNull(0.1),
                        text(),
                        Arbitraries.maps(Arbitraries.longs().between(-1, 20), text())
                                .ofMaxSize(4),
                        text().injectNull(0.5),
                        Arbitraries.of(true, false))
                .as(BrokerData::new);
        return Combinators.combine(
                        text().injectNull(0.5),
                        queue.list().ofMaxSize(4),
                        broker.list().ofMaxSize(4),
                        Arbitraries.maps(text(), text().list().ofMaxSize(3)).ofMaxSize(2))
                .as((order, queues, brokers, filters) -> new TopicRouteData(order, queues, brokers, filters, null));
    }

    @Provide
    Arbitrary<HeartbeatData> heartbeats() {
        Arbitrary<SubscriptionData> subscription = Combinators.combine(
                        text(),
                        text(),
                        text().set().ofMaxSize(3),
                        Arbitraries.integers().set().ofMaxSize(3),
                        Arbitraries.longs(),
                        Arbitraries.of("TAG", "SQL92"),
                        Arbitraries.of(true, false))
                .as(SubscriptionData::new);
        Arbitrary<ConsumerData> consumer = Combinators.combine(
                        text(),
                        Arbitraries.of(ConsumeType.class).injectNull(0.1),
                        Arbitraries.of(MessageModel.class).injectNull(0.1),
                        Arbitraries.of(ConsumeFromWhere.class).injectNull(0.1),
                        subscription.set().ofMaxSize(3),
                        Arbitraries.of(true, false))
                .as(ConsumerData::new);
        return Combinators.combine(
                        text().injectNull(0.1),
                        text().map(ProducerData::new).set().ofMaxSize(3),
                        consumer.set().ofMaxSize(3),
                        Arbitraries.integers(),
                        Arbitraries.of(true, false))
                .as(HeartbeatData::new);
    }

    @Provide
    Arbitrary<Map<QueueRef, Long>> offsetTables() {
        Arbitrary<QueueRef> queue = Combinators.combine(
                        text(), text(), Arbitraries.integers().between(-1, 1024))
                .as(QueueRef::new);
        return Arbitraries.maps(queue, Arbitraries.longs()).ofMaxSize(5);
    }
}
