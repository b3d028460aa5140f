package io.kitemq.broker.client;

import io.kitemq.remoting.RemotingPeer;
import java.util.List;

/**
 * Told when a clustering consumer group's membership changed (a client joined, left, expired or lost its
 * connection) or its set of subscribed topics changed, so its members can rebalance at once instead of
 * at their next 20 s round. Broadcasting groups are not reported: their clients do not share queues.
 *
 * <p>Called by {@link ClientRegistry} after its lock is released, on the thread that caused the change
 * (a request handler, the expiry scan, or a network I/O thread for a closed connection): keep it short
 * and never block. Calls for one group from different threads may arrive out of order, so treat a call
 * as "look again", not as the definitive member list. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ConsumerGroupListener {

    /** A listener that ignores every change. */
    ConsumerGroupListener NONE = (group, members) -> {};

    /**
     * @param group the consumer group
     * @param members the connections of the group's remaining clients, ordered by client id; empty when
     *     the last one left
     */
    void membersChanged(String group, List<RemotingPeer> members);
}
