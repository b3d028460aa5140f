package io.kitemq.client.rebalance;

import io.kitemq.protocol.message.MessageQueue;
import java.util.List;

/**
 * Decides which queues of a topic one client of a clustering consumer group owns, given every queue
 * and every client id of the group. Every client of a group runs the same strategy on the same inputs
 * and must reach a consistent split without talking to the others.
 *
 * <p>Implementations sort and de-duplicate both lists first (RocketMQ's rebalance sorts them before
 * calling its strategies), so the result does not depend on the order the broker or route listed
 * them in. For the same sorted inputs, the built-in strategies return the same queues as RocketMQ's
 * strategy of the same {@link #name()}.
 *
 * <p>Implementations must be thread-safe; the built-in ones are immutable.
 */
public interface AllocationStrategy {

    /** RocketMQ's name for the strategy, e.g. {@code AVG}; shown in consumer running info. */
    String name();

    /**
     * The queues {@code clientId} owns.
     *
     * @param group the consumer group (for messages only)
     * @param clientId this client's id; if it is not in {@code clientIds} it owns nothing
     * @param queues every queue of the topic (any order, duplicates ignored)
     * @param clientIds every client id of the group (any order, duplicates ignored)
     * @return this client's queues in ascending order; empty if it owns none
     */
    List<MessageQueue> allocate(String group, String clientId, List<MessageQueue> queues, List<String> clientIds);
}
