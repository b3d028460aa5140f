package io.kitemq.broker.admin;

import io.kitemq.broker.group.SubscriptionGroupConfig;
import io.kitemq.broker.group.SubscriptionGroupTable;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.DataVersion;
import io.kitemq.protocol.body.SubscriptionGroupWrapper;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.Map;
import java.util.Objects;

/**
 * GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201): every consumer group of the broker with the table's data version,
 * as a {@link SubscriptionGroupWrapper} body ({@code {"subscriptionGroupTable":{...},"forbiddenTable":{},
 * "dataVersion":{...}}}), and the group count in the {@code totalGroupNum} response header. Per-topic
 * consume bans are not interpreted by KiteMQ and answered empty; the paged form of RocketMQ's
 * split-metadata mode is not supported. Thread-safe.
 */
public final class GetAllSubscriptionGroupHandler implements RequestHandler {

    private final SubscriptionGroupTable groups;

    public GetAllSubscriptionGroupHandler(SubscriptionGroupTable groups) {
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        // version first: a change racing this answer then shows as a version the client has not seen
        DataVersion version = groups.dataVersion();
        Map<String, SubscriptionGroupConfig> all = groups.all();
        SubscriptionGroupWrapper<SubscriptionGroupConfig> body = new SubscriptionGroupWrapper<>(all, Map.of(), version);
        return RemotingCommand.success()
                .extField("totalGroupNum", Integer.toString(all.size()))
                .body(BodyCodec.encode(body));
    }
}
