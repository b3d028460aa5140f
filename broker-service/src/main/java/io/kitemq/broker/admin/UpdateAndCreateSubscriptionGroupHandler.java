package io.kitemq.broker.admin;

import io.kitemq.broker.group.SubscriptionGroupConfig;
import io.kitemq.broker.group.SubscriptionGroupTable;
import io.kitemq.protocol.ProtocolException;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200, {@code mqadmin updateSubGroup}): creates a consumer group or
 * replaces its configuration with the body, RocketMQ's {@code SubscriptionGroupConfig} JSON (fields it
 * omits take RocketMQ's defaults). INVALID_PARAMETER for a missing or unreadable body or an invalid group
 * name. Thread-safe.
 */
public final class UpdateAndCreateSubscriptionGroupHandler implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(UpdateAndCreateSubscriptionGroupHandler.class);

    private final SubscriptionGroupTable groups;

    public UpdateAndCreateSubscriptionGroupHandler(SubscriptionGroupTable groups) {
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        SubscriptionGroupConfig config;
        try {
            config = BodyCodec.decode(request.body(), SubscriptionGroupConfig.class);
            SubscriptionGroupConfig previous = groups.createOrUpdate(config);
            log.info(
                    "{} subscription group {} for {}",
                    previous == null ? "Created" : "Updated",
                    config.groupName(),
                    peer.remoteAddress());
        } catch (ProtocolException | IllegalArgumentException e) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, e.getMessage());
        }
        return RemotingCommand.success();
    }
}
