package io.kitemq.client.rebalance;

import io.kitemq.protocol.message.MessageQueue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A hash ring of clients (RocketMQ's {@code CONSISTENT_HASH}): each client id is placed on the ring
 * {@code virtualNodes} times (keys {@code clientId-0}, {@code clientId-1}, …) and each queue goes to
 * the first node at or after its own hash, wrapping around. A client joining or leaving moves only the
 * queues next to its nodes. Hashes are the first four bytes of the key's MD5 as an unsigned number; a
 * queue's key is RocketMQ's {@code MessageQueue.toString()} text, so the split matches RocketMQ
 * clients in the same group.
 *
 * <p>Immutable and thread-safe (a new ring and digest per call).
 */
public final class ConsistentHashAllocation implements AllocationStrategy {

    /** RocketMQ's default number of virtual nodes per client. */
    public static final int DEFAULT_VIRTUAL_NODES = 10;

    private final int virtualNodes;

    public ConsistentHashAllocation() {
        this(DEFAULT_VIRTUAL_NODES);
    }

    public ConsistentHashAllocation(int virtualNodes) {
        if (virtualNodes < 1) {
            throw new IllegalArgumentException("virtualNodes must be >= 1: " + virtualNodes);
        }
        this.virtualNodes = virtualNodes;
    }

    @Override
    public String name() {
        return "CONSISTENT_HASH";
    }

    @Override
    public List<MessageQueue> allocate(
            String group, String clientId, List<MessageQueue> queues, List<String> clientIds) {
        AllocationInput in = AllocationInput.of(group, clientId, queues, clientIds);
        if (in.ownsNothing()) {
            return List.of();
        }
        MessageDigest md5 = md5();
        NavigableMap<Long, String> ring = new TreeMap<>();
        for (String id : in.clientIds()) {
            for (int i = 0; i < virtualNodes; i++) {
                ring.put(hash(md5, id + "-" + i), id);
            }
        }
        return in.queues().stream()
                .filter(q -> clientId.equals(owner(ring, hash(md5, rocketMqText(q)))))
                .toList();
    }

    private static String owner(NavigableMap<Long, String> ring, long hash) {
        Map.Entry<Long, String> node = ring.ceilingEntry(hash);
        return node != null ? node.getValue() : ring.firstEntry().getValue();
    }

    /** The text RocketMQ's {@code MessageQueue.toString()} produces, which its ring hashes. */
    static String rocketMqText(MessageQueue q) {
        return "MessageQueue [topic=" + q.topic() + ", brokerName=" + q.brokerName() + ", queueId=" + q.queueId() + "]";
    }

    static long hash(MessageDigest md5, String key) {
        md5.reset();
        byte[] digest = md5.digest(key.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 4; i++) {
            h = (h << 8) | (digest[i] & 0xFF);
        }
        return h;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return name() + "(" + virtualNodes + ")";
    }
}
