package io.kitemq.broker.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.ConsumerConnection;
import io.kitemq.protocol.body.GetConsumerListByGroupResponseBody;
import io.kitemq.protocol.body.MessageModel;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.LanguageCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetConsumerConnectionListRequestHeader;
import io.kitemq.protocol.header.GetConsumerListByGroupRequestHeader;
import io.kitemq.protocol.header.NotifyConsumerIdsChangedRequestHeader;
import io.kitemq.protocol.header.UnregisterClientRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client request handlers over a fake connection, with bodies as RocketMQ's Java client writes them. */
class ClientHandlersTest {

    /** A heartbeat as the 4.x/5.x Java client serializes it (fastjson, alphabetical keys). */
    static final String HEARTBEAT = """
            {"clientID":"%s","consumerDataSet":[{"consumeFromWhere":"CONSUME_FROM_FIRST_OFFSET",
            "consumeType":"CONSUME_PASSIVELY","groupName":"G","messageModel":"CLUSTERING",
            "subscriptionDataSet":[{"classFilterMode":false,"codeSet":[2598919],"expressionType":"TAG",
            "subString":"TagA","subVersion":1700000000000,"tagsSet":["TagA"],"topic":"T"}],"unitMode":false}],
            "heartbeatFingerprint":0,"producerDataSet":[{"groupName":"P"},{"groupName":"CLIENT_INNER_PRODUCER"}]}
            """;

    final InstantSource clock = () -> Instant.ofEpochMilli(5_000);
    final ClientRegistry registry = new ClientRegistry(clock, new ConsumerIdsChangedNotifier());
    final FakePeer peer = new FakePeer("10.0.0.9:51000");

    static RemotingCommand heartbeat(String clientId) {
        return RemotingCommand.request(RequestCode.HEART_BEAT.code())
                .language(LanguageCode.JAVA)
                .version(479)
                .body(HEARTBEAT.formatted(clientId).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aHeartbeatRegistersTheClientAndDeclinesHeartbeatV2() {
        RemotingCommand response = new HeartbeatHandler(registry).handle(peer, heartbeat("10.0.0.9@4711"));

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(response.extField(HeartbeatHandler.SUPPORT_HEARTBEAT_V2)).isEqualTo("false");
        assertThat(registry.consumerIds("G")).containsExactly("10.0.0.9@4711");
        assertThat(registry.subscription("G", "T").tagsSet()).containsExactly("TagA");
        assertThat(registry.subscription("G", "T").subVersion()).isEqualTo(1_700_000_000_000L);
        assertThat(registry.producerGroups()).containsExactly("CLIENT_INNER_PRODUCER", "P");
        assertThat(registry.consumerGroup("G").clients().get("10.0.0.9@4711").version())
                .isEqualTo(479);
    }

    @Test
    void aJoiningConsumerNotifiesEveryMember() {
        FakePeer other = new FakePeer("10.0.0.8:52000");
        HeartbeatHandler handler = new HeartbeatHandler(registry);
        handler.handle(other, heartbeat("10.0.0.8@1"));
        other.oneways.clear();

        handler.handle(peer, heartbeat("10.0.0.9@2"));

        for (FakePeer p : List.of(peer, other)) {
            assertThat(p.oneways).hasSize(1);
            RemotingCommand notify = p.oneways.get(0);
            assertThat(notify.code()).isEqualTo(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED.code());
            assertThat(NotifyConsumerIdsChangedRequestHeader.decode(notify.extFields())
                            .consumerGroup())
                    .isEqualTo("G");
        }
    }

    @Test
    void theNotifierSkipsDisabledGroupsAndDeadConnections() {
        FakePeer dead = new FakePeer("10.0.0.7:1");
        dead.deactivate();
        List<RemotingPeer> members = new ArrayList<>(List.of(peer, dead));

        new ConsumerIdsChangedNotifier(g -> !g.equals("quiet")).membersChanged("quiet", members);
        assertThat(peer.oneways).isEmpty();

        new ConsumerIdsChangedNotifier(g -> !g.equals("quiet")).membersChanged("G", members);
        assertThat(peer.oneways).hasSize(1);
        assertThat(dead.oneways).isEmpty();
    }

    @Test
    void aBrokenHeartbeatIsASystemError() {
        RemotingCommand garbled = RemotingCommand.request(RequestCode.HEART_BEAT.code())
                .body("{\"clientID\":".getBytes(StandardCharsets.UTF_8));
        RemotingCommand response = new HeartbeatHandler(registry).handle(peer, garbled);
        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(response.remark()).startsWith("cannot read the heartbeat body: Cannot decode HeartbeatData");

        RemotingCommand anonymous = RemotingCommand.request(RequestCode.HEART_BEAT.code())
                .body("{\"producerDataSet\":[{\"groupName\":\"P\"}]}".getBytes(StandardCharsets.UTF_8));
        RemotingCommand noId = new HeartbeatHandler(registry).handle(peer, anonymous);
        assertThat(noId.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(noId.remark()).contains("clientID");
        assertThat(registry.producerGroups()).isEmpty();
    }

    @Test
    void consumerGroupsThatAreNotAdmittedAreLeftOut() {
        new HeartbeatHandler(registry, cd -> !cd.groupName().equals("G")).handle(peer, heartbeat("c@1"));
        assertThat(registry.groups()).isEmpty();
        assertThat(registry.producerGroups()).contains("P");
    }

    @Test
    void unregisterRemovesTheClientFromItsGroups() {
        new HeartbeatHandler(registry).handle(peer, heartbeat("c@1"));
        RemotingCommand request = RemotingCommand.request(
                RequestCode.UNREGISTER_CLIENT.code(), new UnregisterClientRequestHeader("c@1", "P", "G"));

        RemotingCommand response = new UnregisterClientHandler(registry).handle(peer, request);

        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(registry.groups()).isEmpty();
        assertThat(registry.producerGroups()).containsExactly("CLIENT_INNER_PRODUCER");
    }

    @Test
    void theConsumerListIsSortedOrASystemErrorWhenEmpty() {
        GetConsumerListByGroupHandler handler = new GetConsumerListByGroupHandler(registry);
        RemotingCommand request = RemotingCommand.request(
                RequestCode.GET_CONSUMER_LIST_BY_GROUP.code(), new GetConsumerListByGroupRequestHeader("G"));

        RemotingCommand none = handler.handle(peer, request);
        assertThat(none.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(none.remark()).isEqualTo("no consumer for this group, G");

        new HeartbeatHandler(registry).handle(new FakePeer("10.0.0.2:1"), heartbeat("z@2"));
        new HeartbeatHandler(registry).handle(peer, heartbeat("a@1"));
        RemotingCommand some = handler.handle(peer, request);
        assertThat(some.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(new String(some.body(), StandardCharsets.UTF_8)).isEqualTo("{\"consumerIdList\":[\"a@1\",\"z@2\"]}");
        assertThat(BodyCodec.decode(some.body(), GetConsumerListByGroupResponseBody.class)
                        .consumerIdList())
                .containsExactly("a@1", "z@2");
    }

    @Test
    void theConnectionListDescribesTheGroupOrSaysItIsNotOnline() {
        GetConsumerConnectionListHandler handler = new GetConsumerConnectionListHandler(registry);
        RemotingCommand request = RemotingCommand.request(
                RequestCode.GET_CONSUMER_CONNECTION_LIST.code(), new GetConsumerConnectionListRequestHeader("G"));

        RemotingCommand offline = handler.handle(peer, request);
        assertThat(offline.code()).isEqualTo(ResponseCode.CONSUMER_NOT_ONLINE.code());
        assertThat(offline.remark()).isEqualTo("the consumer group[G] not online");

        new HeartbeatHandler(registry).handle(peer, heartbeat("c@1"));
        RemotingCommand online = handler.handle(peer, request);
        assertThat(online.code()).isEqualTo(ResponseCode.SUCCESS.code());
        ConsumerConnection body = BodyCodec.decode(online.body(), ConsumerConnection.class);
        assertThat(body.messageModel()).isEqualTo(MessageModel.CLUSTERING);
        assertThat(body.connectionSet()).singleElement().satisfies(c -> {
            assertThat(c.clientId()).isEqualTo("c@1");
            assertThat(c.clientAddr()).isEqualTo("10.0.0.9:51000");
            assertThat(c.language()).isEqualTo("JAVA");
            assertThat(c.version()).isEqualTo(479);
        });
        assertThat(body.subscriptionTable().get("T").subString()).isEqualTo("TagA");
    }

    @Test
    void theConnectionListenerDropsClientsAndReportsThem() {
        new HeartbeatHandler(registry).handle(peer, heartbeat("c@1"));
        List<String> gone = new ArrayList<>();
        ClientConnectionListener listener = new ClientConnectionListener(registry, gone::add);

        listener.onIdle(peer);
        listener.onClose(peer);

        assertThat(gone).containsExactly("c@1");
        assertThat(registry.groups()).isEmpty();
    }
}
