package io.kitemq.broker.client;

import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.NotifyConsumerIdsChangedRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends NOTIFY_CONSUMER_IDS_CHANGED (40, one-way, header {@code consumerGroup}) to every live member of a
 * consumer group whose membership changed, so each rebalances now rather than at its next 20 s round.
 * A group for which {@code notifyEnabled} answers false (RocketMQ: the subscription group's
 * {@code notifyConsumerIdsChangedEnable}) is skipped.
 *
 * <p>A failed send is only logged at DEBUG: the client still rebalances on its own timer. Sends are
 * asynchronous, so this never blocks its caller. Thread-safe if {@code notifyEnabled} is.
 */
public final class ConsumerIdsChangedNotifier implements ConsumerGroupListener {

    private static final Logger log = LoggerFactory.getLogger(ConsumerIdsChangedNotifier.class);

    private final Predicate<String> notifyEnabled;

    /** @param notifyEnabled whether a group's members are to be notified, by group name */
    public ConsumerIdsChangedNotifier(Predicate<String> notifyEnabled) {
        this.notifyEnabled = Objects.requireNonNull(notifyEnabled, "notifyEnabled");
    }

    /** Notifies the members of every group. */
    public ConsumerIdsChangedNotifier() {
        this(group -> true);
    }

    @Override
    public void membersChanged(String group, List<RemotingPeer> members) {
        if (members.isEmpty() || !notifyEnabled.test(group)) {
            return;
        }
        for (RemotingPeer peer : members) {
            if (peer.isActive()) {
                notify(peer, group);
            }
        }
    }

    private static void notify(RemotingPeer peer, String group) {
        // one command per peer: a command is mutable and the transport stamps its opaque and flag
        RemotingCommand request = RemotingCommand.request(
                RequestCode.NOTIFY_CONSUMER_IDS_CHANGED.code(), new NotifyConsumerIdsChangedRequestHeader(group));
        try {
            peer.invokeOneway(request).whenComplete((ok, failure) -> {
                if (failure != null) {
                    log.debug(
                            "could not notify {} that group {} changed: {}",
                            peer.remoteAddress(),
                            group,
                            failure.toString());
                }
            });
        } catch (RuntimeException e) {
            log.debug("could not notify {} that group {} changed: {}", peer.remoteAddress(), group, e.toString());
        }
    }
}
