package io.kitemq.broker.admin;

import io.kitemq.broker.group.SubscriptionGroupTable;
import io.kitemq.broker.offset.ConsumerOffsetTable;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.DeleteSubscriptionGroupRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DELETE_SUBSCRIPTIONGROUP (207, {@code mqadmin deleteSubGroup}): forgets a consumer group's configuration
 * and, when the header asks {@code cleanOffset}, its committed offsets on every topic. Deleting an unknown
 * group succeeds, as in RocketMQ. Online clients of the group are not disconnected (a group that is still
 * used is auto-created again when allowed). Thread-safe.
 */
public final class DeleteSubscriptionGroupHandler implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(DeleteSubscriptionGroupHandler.class);

    private final SubscriptionGroupTable groups;
    private final ConsumerOffsetTable offsets;

    public DeleteSubscriptionGroupHandler(SubscriptionGroupTable groups, ConsumerOffsetTable offsets) {
        this.groups = Objects.requireNonNull(groups, "groups");
        this.offsets = Objects.requireNonNull(offsets, "offsets");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        DeleteSubscriptionGroupRequestHeader h = DeleteSubscriptionGroupRequestHeader.decode(request.extFields());
        boolean existed = groups.delete(h.groupName());
        boolean hadOffsets = h.cleanOffset() && offsets.removeGroup(h.groupName());
        log.info(
                "Deleted subscription group {} (existed: {}, offsets removed: {}) for {}",
                h.groupName(),
                existed,
                hadOffsets,
                peer.remoteAddress());
        return RemotingCommand.success();
    }
}
