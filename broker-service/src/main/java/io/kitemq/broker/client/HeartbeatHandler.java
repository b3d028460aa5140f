package io.kitemq.broker.client;

import io.kitemq.protocol.ProtocolException;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.ConsumerData;
import io.kitemq.protocol.body.HeartbeatData;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HEART_BEAT (34): a client announces its producer and consumer groups and its subscriptions; the
 * {@link ClientRegistry} records them. Each consumer group first passes {@code admission} (the broker
 * wires it to find or create the subscription group and its retry topic; false leaves the group out, as
 * RocketMQ does for an unknown group when auto-creation is off). An unreadable body or one without a
 * {@code clientID} is answered with SYSTEM_ERROR.
 *
 * <p>Heartbeat v2 (RocketMQ 5 clients started with {@code -Dcom.rocketmq.heartbeat.v2=true}) is not
 * offered: the response carries {@code IS_SUPPORT_HEART_BEAT_V2=false}, and such a client only sends its
 * subscription-less heartbeat to a broker that answered {@code true}, so it keeps sending full ones. A
 * {@code withoutSub} heartbeat that arrives anyway refreshes the client and keeps its subscriptions.
 *
 * <p>Thread-safe.
 */
public final class HeartbeatHandler implements RequestHandler {

    /** Response extField with which a RocketMQ 5 broker offers heartbeat v2. */
    public static final String SUPPORT_HEARTBEAT_V2 = "IS_SUPPORT_HEART_BEAT_V2";

    private static final Logger log = LoggerFactory.getLogger(HeartbeatHandler.class);

    private final ClientRegistry registry;
    private final Predicate<ConsumerData> admission;

    public HeartbeatHandler(ClientRegistry registry, Predicate<ConsumerData> admission) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.admission = Objects.requireNonNull(admission, "admission");
    }

    /** Admits every consumer group. */
    public HeartbeatHandler(ClientRegistry registry) {
        this(registry, consumer -> true);
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        HeartbeatData data;
        try {
            data = BodyCodec.decode(request.body(), HeartbeatData.class);
        } catch (ProtocolException e) {
            log.warn("unreadable heartbeat from {}: {}", peer.remoteAddress(), e.getMessage());
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR, "cannot read the heartbeat body: " + e.getMessage());
        }
        if (data.clientID() == null || data.clientID().isBlank()) {
            log.warn("heartbeat without clientID from {}", peer.remoteAddress());
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "the heartbeat body has no clientID");
        }
        registry.heartbeat(peer, admitted(data), request.language(), request.version());
        return RemotingCommand.success().extField(SUPPORT_HEARTBEAT_V2, "false");
    }

    private HeartbeatData admitted(HeartbeatData data) {
        Set<ConsumerData> consumers = new LinkedHashSet<>();
        for (ConsumerData cd : data.consumerDataSet()) {
            if (admission.test(cd)) {
                consumers.add(cd);
            }
        }
        if (consumers.size() == data.consumerDataSet().size()) {
            return data;
        }
        return new HeartbeatData(
                data.clientID(), data.producerDataSet(), consumers, data.heartbeatFingerprint(), data.withoutSub());
    }
}
