package io.kitemq.broker.client;

import io.kitemq.protocol.body.Connection;
import io.kitemq.protocol.body.ConsumeFromWhere;
import io.kitemq.protocol.body.ConsumeType;
import io.kitemq.protocol.body.ConsumerConnection;
import io.kitemq.protocol.body.MessageModel;
import io.kitemq.protocol.body.SubscriptionData;
import io.kitemq.remoting.RemotingPeer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A snapshot of one consumer group as its clients last described it: how it consumes (from the latest
 * heartbeat of any member), its online clients by id, and its subscriptions by topic.
 *
 * <p>Immutable and thread-safe: {@link ClientRegistry} replaces the whole snapshot on every change, so a
 * reader always sees one consistent state. The maps are sorted (clients by id, subscriptions by topic)
 * and unmodifiable.
 */
public record ConsumerGroup(
        String name,
        ConsumeType consumeType,
        MessageModel messageModel,
        ConsumeFromWhere consumeFromWhere,
        Map<String, ClientConnection> clients,
        Map<String, SubscriptionData> subscriptions) {

    public ConsumerGroup {
        Objects.requireNonNull(name, "name");
        clients = Collections.unmodifiableMap(new TreeMap<>(clients));
        subscriptions = Collections.unmodifiableMap(new TreeMap<>(subscriptions));
    }

    /** The client ids, sorted — what GET_CONSUMER_LIST_BY_GROUP answers. */
    public List<String> clientIds() {
        return List.copyOf(clients.keySet());
    }

    /** The clients' connections, ordered by client id. */
    public List<RemotingPeer> peers() {
        List<RemotingPeer> peers = new ArrayList<>(clients.size());
        for (ClientConnection c : clients.values()) {
            peers.add(c.peer());
        }
        return List.copyOf(peers);
    }

    /** Whether each message goes to every client (no queue sharing, no rebalance notification). */
    public boolean broadcasting() {
        return messageModel == MessageModel.BROADCASTING;
    }

    /** The GET_CONSUMER_CONNECTION_LIST body for this group. */
    public ConsumerConnection connection() {
        Set<Connection> connections = new LinkedHashSet<>();
        for (ClientConnection c : clients.values()) {
            connections.add(new Connection(
                    c.clientId(), c.peer().remoteAddress(), c.language().name(), c.version()));
        }
        return new ConsumerConnection(connections, subscriptions, consumeType, messageModel, consumeFromWhere);
    }
}
