package io.kitemq.client.admin;

import io.kitemq.client.core.ClientOptions;
import io.kitemq.client.core.ClientRuntime;
import io.kitemq.protocol.body.ClusterInfo;
import java.util.List;

/**
 * Administration of a KiteMQ or Apache RocketMQ cluster over the remoting protocol — what RocketMQ's
 * {@code mqadmin} does: clusters and brokers, {@link #topics() topics}, {@link #groups() consumer groups}
 * (progress, connections, offset reset), {@link #messages() message look-ups and test sends}, and
 * {@link #deadLetters() dead-letter resends}.
 *
 * <pre>{@code
 * try (AdminClient admin = AdminClient.create(ClientOptions.of("127.0.0.1:9876"))) {
 *     admin.topics().createOrUpdate(TopicSpec.of("Orders", 8), null);
 *     long lag = admin.groups().progress("billing", "Orders").totalLag();
 * }
 * }</pre>
 *
 * <p>Every operation is a blocking request/response with the configured timeout; failures are
 * typed {@link io.kitemq.client.KiteMqClientException}s (retriable or fatal) naming the operation, the
 * server and the response code. The client owns a
 * {@link ClientRuntime} (a connection per server it talks to, a few threads); {@link #close()} releases them. Thread-safe.
 */
public final class AdminClient implements AutoCloseable {

    private final AdminRpc rpc;
    private final ClusterView cluster;
    private final TopicAdmin topics;
    private final GroupAdmin groups;
    private final MessageAdmin messages;
    private final DeadLetters deadLetters;

    /** The consumer group the admin pulls with ({@code mqadmin}'s). */
    public static final String TOOLS_GROUP = "TOOLS_CONSUMER";

    private AdminClient(ClientOptions options) {
        this.rpc = new AdminRpc(ClientRuntime.start(options, "kitemq-admin"));
        this.cluster = new ClusterView(rpc);
        QueueOffsets offsets = new QueueOffsets(rpc);
        this.topics = new TopicAdmin(rpc, cluster);
        this.groups = new GroupAdmin(rpc, cluster, offsets);
        this.messages = new MessageAdmin(rpc, TOOLS_GROUP);
        this.deadLetters = new DeadLetters(rpc, messages, offsets);
    }

    /** An admin client for the NameServers of {@code options}; its request timeout applies to every call. */
    public static AdminClient create(ClientOptions options) {
        return new AdminClient(options);
    }

    /** The NameServer's cluster table: broker groups by cluster, addresses by broker group. */
    public ClusterInfo clusterInfo() {
        return rpc.clusterInfo();
    }

    /** Every registered broker process, sorted by cluster, broker name and id. */
    public List<BrokerInfo> brokers() {
        return cluster.brokers();
    }

    public TopicAdmin topics() {
        return topics;
    }

    public GroupAdmin groups() {
        return groups;
    }

    public MessageAdmin messages() {
        return messages;
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        rpc.close();
    }
}
