package io.kitemq.broker.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.protocol.body.ConsumeFromWhere;
import io.kitemq.protocol.body.ConsumeType;
import io.kitemq.protocol.body.ConsumerConnection;
import io.kitemq.protocol.body.ConsumerData;
import io.kitemq.protocol.body.HeartbeatData;
import io.kitemq.protocol.body.MessageModel;
import io.kitemq.protocol.body.ProducerData;
import io.kitemq.protocol.body.SubscriptionData;
import io.kitemq.protocol.command.LanguageCode;
import io.kitemq.remoting.RemotingPeer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The client registry alone: heartbeats, subscriptions, expiry on an injected clock, closes, listener. */
class ClientRegistryTest {

    /** One listener call. */
    record Call(String group, List<RemotingPeer> members) {}

    final AtomicLong now = new AtomicLong(1_000_000);
    final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final ClientRegistry registry =
            new ClientRegistry(clock, Duration.ofSeconds(120), (g, members) -> calls.add(new Call(g, members)));

    final FakePeer peerA = new FakePeer("10.0.0.1:50001");
    final FakePeer peerB = new FakePeer("10.0.0.2:50002");

    static SubscriptionData sub(String topic, String expression, long version) {
        return new SubscriptionData(topic, expression, Set.of(), Set.of(), version, null, false);
    }

    static ConsumerData consumer(String group, MessageModel model, SubscriptionData... subs) {
        return new ConsumerData(
                group,
                ConsumeType.CONSUME_PASSIVELY,
                model,
                ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
                Set.of(subs),
                false);
    }

    static ConsumerData consumer(String group, SubscriptionData... subs) {
        return consumer(group, MessageModel.CLUSTERING, subs);
    }

    static HeartbeatData beat(String clientId, Set<ProducerData> producers, ConsumerData... consumers) {
        return new HeartbeatData(clientId, producers, Set.of(consumers));
    }

    HeartbeatResult beat(FakePeer peer, String clientId, ConsumerData... consumers) {
        return registry.heartbeat(peer, beat(clientId, Set.of(), consumers), LanguageCode.JAVA, 479);
    }

    @Test
    void heartbeatsRegisterConsumerAndProducerGroups() {
        HeartbeatResult first = registry.heartbeat(
                peerB,
                beat("b@2", Set.of(new ProducerData("P")), consumer("G", sub("T", "*", 1), sub("%RETRY%G", "*", 1))),
                LanguageCode.GO,
                401);
        beat(peerA, "a@1", consumer("G", sub("T", "*", 1), sub("%RETRY%G", "*", 1)));

        assertThat(first.joinedGroups()).containsExactly("G");
        assertThat(first.topicsChanged()).containsExactly("G");
        assertThat(registry.consumerIds("G")).containsExactly("a@1", "b@2");
        assertThat(registry.consumerPeers("G")).containsExactly(peerA, peerB);
        assertThat(registry.subscription("G", "T").subString()).isEqualTo("*");
        assertThat(registry.subscription("G", "other")).isNull();
        assertThat(registry.subscription("nope", "T")).isNull();
        assertThat(registry.groups()).containsExactly("G");
        assertThat(registry.groupsSubscribing("T")).containsExactly("G");
        assertThat(registry.groupsSubscribing("U")).isEmpty();
        assertThat(registry.producerGroups()).containsExactly("P");
        assertThat(registry.producerPeers("P")).containsExactly(peerB);
        assertThat(registry.consumerIds("nope")).isEmpty();

        ConsumerGroup g = registry.consumerGroup("G");
        assertThat(g.consumeType()).isEqualTo(ConsumeType.CONSUME_PASSIVELY);
        assertThat(g.messageModel()).isEqualTo(MessageModel.CLUSTERING);
        assertThat(g.clients().get("b@2").language()).isEqualTo(LanguageCode.GO);
        assertThat(g.clients().get("b@2").version()).isEqualTo(401);
        assertThat(g.clients().get("b@2").lastUpdateMillis()).isEqualTo(1_000_000);

        ConsumerConnection cc = g.connection();
        assertThat(cc.connectionSet())
                .extracting(c -> c.clientId() + " " + c.clientAddr() + " " + c.language() + " " + c.version())
                .containsExactly("a@1 10.0.0.1:50001 JAVA 479", "b@2 10.0.0.2:50002 GO 401");
        assertThat(cc.subscriptionTable()).containsOnlyKeys("%RETRY%G", "T");
        assertThat(cc.consumeFromWhere()).isEqualTo(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET);
    }

    @Test
    void listenerHearsJoinsWithTheMembersButNotPlainRefreshes() {
        beat(peerA, "a@1", consumer("G", sub("T", "*", 1)));
        beat(peerB, "b@2", consumer("G", sub("T", "*", 1)));
        assertThat(calls).containsExactly(new Call("G", List.of(peerA)), new Call("G", List.of(peerA, peerB)));

        now.addAndGet(30_000);
        HeartbeatResult refresh = beat(peerA, "a@1", consumer("G", sub("T", "*", 1)));
        assertThat(refresh.changed()).isFalse();
        assertThat(calls).hasSize(2);
        assertThat(registry.consumerGroup("G").clients().get("a@1").lastUpdateMillis())
                .isEqualTo(1_030_000);
    }

    @Test
    void broadcastingGroupsAreNotReported() {
        beat(peerA, "a@1", consumer("B", MessageModel.BROADCASTING, sub("T", "*", 1)));
        registry.connectionClosed(peerA);
        assertThat(calls).isEmpty();
        assertThat(registry.groups()).isEmpty();
    }

    @Test
    void theNewestSubscriptionVersionIsKept() {
        beat(peerA, "a@1", consumer("G", sub("T", "TagA", 100)));

        HeartbeatResult newer = beat(peerB, "b@2", consumer("G", sub("T", "TagB", 200)));
        assertThat(newer.subscriptionsUpdated()).containsExactly("G");
        assertThat(newer.topicsChanged()).isEmpty();
        assertThat(registry.subscription("G", "T").subString()).isEqualTo("TagB");

        HeartbeatResult older = beat(peerA, "a@1", consumer("G", sub("T", "TagA", 100)));
        assertThat(older.changed()).isFalse();
        assertThat(registry.subscription("G", "T").subVersion()).isEqualTo(200);
    }

    @Test
    void topicsAddedOrDroppedChangeTheTableAndAreReported() {
        beat(peerA, "a@1", consumer("G", sub("T", "*", 1)));
        calls.clear();

        HeartbeatResult more = beat(peerA, "a@1", consumer("G", sub("T", "*", 1), sub("U", "*", 5)));
        assertThat(more.topicsChanged()).containsExactly("G");
        assertThat(registry.groupsSubscribing("U")).containsExactly("G");

        HeartbeatResult fewer = beat(peerA, "a@1", consumer("G", sub("U", "*", 5)));
        assertThat(fewer.topicsChanged()).containsExactly("G");
        assertThat(registry.subscription("G", "T")).isNull();
        assertThat(calls).containsExactly(new Call("G", List.of(peerA)), new Call("G", List.of(peerA)));
    }

    @Test
    void aHeartbeatWithoutSubscriptionsKeepsThem() {
        beat(peerA, "a@1", consumer("G", sub("T", "*", 1)));
        now.addAndGet(10_000);
        HeartbeatData v2 = new HeartbeatData("a@1", Set.of(), Set.of(consumer("G")), 12345, true);
        registry.heartbeat(peerA, v2, LanguageCode.JAVA, 479);
        assertThat(registry.subscription("G", "T")).isNotNull();
        assertThat(registry.consumerGroup("G").clients().get("a@1").lastUpdateMillis())
                .isEqualTo(1_010_000);
    }

    @Test
    void silentClientsExpireAndTheirConnectionsClose() {
        registry.heartbeat(peerA, beat("a@1", Set.of(new ProducerData("P")), consumer("G")), LanguageCode.JAVA, 479);
        beat(peerB, "b@2", consumer("G"));
        calls.clear();
        now.addAndGet(100_000);
        beat(peerB, "b@2", consumer("G"));
        now.addAndGet(20_000);
        assertThat(registry.expire()).isEmpty(); // exactly 120 s: not yet
        now.addAndGet(1);

        List<ClientConnection> expired = registry.expire();

        assertThat(expired).extracting(ClientConnection::clientId).containsExactly("a@1", "a@1");
        assertThat(registry.consumerIds("G")).containsExactly("b@2");
        assertThat(registry.producerGroups()).isEmpty();
        assertThat(peerA.closed()).isTrue();
        assertThat(peerB.closed()).isFalse();
        assertThat(calls).containsExactly(new Call("G", List.of(peerB)));
    }

    @Test
    void aConnectionStillRefreshedElsewhereIsNotClosedOnExpiry() {
        beat(peerA, "a@1", consumer("Old"), consumer("G"));
        now.addAndGet(100_000);
        beat(peerA, "a@1", consumer("G")); // the application stopped consuming "Old" without unregistering
        now.addAndGet(30_000);

        assertThat(registry.expire()).extracting(ClientConnection::clientId).containsExactly("a@1");
        assertThat(registry.groups()).containsExactly("G");
        assertThat(peerA.closed()).isFalse();
    }

    @Test
    void aClosedConnectionTakesItsRegistrationsWithIt() {
        registry.heartbeat(
                peerA,
                beat("a@1", Set.of(new ProducerData("P")), consumer("G"), consumer("H")),
                LanguageCode.JAVA,
                479);
        beat(peerB, "b@2", consumer("G"));
        calls.clear();

        assertThat(registry.connectionClosed(peerA)).containsExactly("a@1");

        assertThat(registry.consumerIds("G")).containsExactly("b@2");
        assertThat(registry.groups()).containsExactly("G");
        assertThat(registry.producerPeers("P")).isEmpty();
        assertThat(calls).containsExactlyInAnyOrder(new Call("G", List.of(peerB)), new Call("H", List.of()));
        assertThat(registry.connectionClosed(peerA)).isEmpty();
    }

    @Test
    void aReconnectedClientSurvivesTheCloseOfItsOldConnection() {
        FakePeer oldPeer = new FakePeer("10.0.0.1:40000");
        beat(oldPeer, "a@1", consumer("G"));
        beat(peerA, "a@1", consumer("G"));
        assertThat(registry.consumerPeers("G")).containsExactly(peerA);

        assertThat(registry.connectionClosed(oldPeer)).isEmpty();
        assertThat(registry.consumerIds("G")).containsExactly("a@1");
    }

    @Test
    void unregisterLeavesTheNamedGroupsOnly() {
        registry.heartbeat(
                peerA,
                beat("a@1", Set.of(new ProducerData("P")), consumer("G"), consumer("H")),
                LanguageCode.JAVA,
                479);
        beat(peerB, "b@2", consumer("G"));
        calls.clear();

        assertThat(registry.unregister("a@1", "P", "G")).isTrue();

        assertThat(registry.consumerIds("G")).containsExactly("b@2");
        assertThat(registry.consumerIds("H")).containsExactly("a@1");
        assertThat(registry.producerGroups()).isEmpty();
        assertThat(calls).containsExactly(new Call("G", List.of(peerB)));
        assertThat(registry.unregister("a@1", "P", "G")).isFalse();
        assertThat(registry.unregister("nobody", null, "H")).isFalse();
    }

    @Test
    void producerPeersAreLiveAndMostRecentFirst() {
        registry.heartbeat(peerA, beat("a@1", Set.of(new ProducerData("P"))), LanguageCode.JAVA, 479);
        now.addAndGet(1_000);
        registry.heartbeat(peerB, beat("b@2", Set.of(new ProducerData("P"))), LanguageCode.JAVA, 479);
        assertThat(registry.producerPeers("P")).containsExactly(peerB, peerA);
        peerB.deactivate();
        assertThat(registry.producerPeers("P")).containsExactly(peerA);
        assertThat(registry.producers("P"))
                .extracting(ClientConnection::clientId)
                .containsExactly("a@1", "b@2");
    }

    @Test
    void aFailingListenerDoesNotBreakTheRegistry() {
        ClientRegistry failing = new ClientRegistry(clock, (g, m) -> {
            throw new IllegalStateException("boom");
        });
        failing.heartbeat(peerA, beat("a@1", Set.of(), consumer("G")), LanguageCode.JAVA, 479);
        assertThat(failing.consumerIds("G")).containsExactly("a@1");
    }

    @Test
    void groupsWithoutANameAreIgnored() {
        beat(peerA, "a@1", consumer(""));
        assertThat(registry.groups()).isEmpty();
        assertThat(calls).isEmpty();
    }
}
