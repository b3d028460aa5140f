package io.kitemq.broker.admin;

import io.kitemq.broker.client.ClientRegistry;
import io.kitemq.broker.offset.ConsumerOffsetTable;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.GroupList;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.QueryTopicConsumeByWhoRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * QUERY_TOPIC_CONSUME_BY_WHO (300, {@code mqadmin topicStatus}/{@code topicRoute} helpers, consoles): the
 * consumer groups of a topic — those online and subscribed to it, plus those with committed offsets on
 * it — as a {@link GroupList} body. Thread-safe.
 */
public final class QueryTopicConsumeByWhoHandler implements RequestHandler {

    private final ClientRegistry clients;
    private final ConsumerOffsetTable offsets;

    public QueryTopicConsumeByWhoHandler(ClientRegistry clients, ConsumerOffsetTable offsets) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.offsets = Objects.requireNonNull(offsets, "offsets");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        String topic =
                QueryTopicConsumeByWhoRequestHeader.decode(request.extFields()).topic();
        Set<String> groups = new TreeSet<>(clients.groupsSubscribing(topic));
        groups.addAll(offsets.groupsOf(topic));
        return RemotingCommand.success().body(BodyCodec.encode(new GroupList(groups)));
    }
}
