package io.kitemq.broker.admin;

import io.kitemq.broker.BrokerConfig;
import io.kitemq.broker.client.ClientRegistry;
import io.kitemq.broker.group.SubscriptionGroupTable;
import io.kitemq.broker.offset.ConsumerOffsetTable;
import io.kitemq.broker.topic.TopicTable;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.remoting.RemotingServer;
import io.kitemq.remoting.RequestHandler;
import io.kitemq.store.MessageStore;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

/**
 * Registers the admin handlers ({@code mqadmin}'s common commands) on a started server's worker pool, and
 * feeds a {@link PutStats} from the store for the runtime info. Stateless.
 */
public final class AdminHandlers {

    private AdminHandlers() {}

    /**
     * @param requestQueues the request executors' queues by RocketMQ's pool name ({@code send}, {@code pull})
     */
    public static void register(
            RemotingServer server,
            BrokerConfig config,
            InstantSource clock,
            MessageStore store,
            TopicTable topics,
            SubscriptionGroupTable groups,
            ConsumerOffsetTable offsets,
            ClientRegistry clients,
            Map<String, BlockingQueue<Runnable>> requestQueues) {
        long bootMillis = clock.millis();
        String name = config.brokerName();
        PutStats puts = new PutStats(clock, ZoneId.systemDefault());
        store.addDispatchListener(puts);
        BrokerRuntimeInfo runtime = new BrokerRuntimeInfo(store, puts, clock, bootMillis, requestQueues);
        reg(server, RequestCode.UPDATE_AND_CREATE_TOPIC, new UpdateAndCreateTopicHandler(topics));
        reg(server, RequestCode.DELETE_TOPIC_IN_BROKER, new DeleteTopicHandler(topics, offsets, store));
        reg(server, RequestCode.GET_ALL_TOPIC_CONFIG, new GetAllTopicConfigHandler(topics));
        reg(server, RequestCode.GET_TOPIC_CONFIG, new GetTopicConfigHandler(topics));
        reg(
                server,
                RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
                new UpdateAndCreateSubscriptionGroupHandler(groups));
        reg(server, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, new GetAllSubscriptionGroupHandler(groups));
        reg(server, RequestCode.DELETE_SUBSCRIPTIONGROUP, new DeleteSubscriptionGroupHandler(groups, offsets));
        reg(server, RequestCode.GET_TOPIC_STATS_INFO, new GetTopicStatsInfoHandler(topics, store, name));
        reg(server, RequestCode.GET_CONSUME_STATS, new GetConsumeStatsHandler(topics, offsets, clients, store, name));
        reg(server, RequestCode.GET_BROKER_RUNTIME_INFO, new GetBrokerRuntimeInfoHandler(runtime));
        reg(server, RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, new QueryTopicConsumeByWhoHandler(clients, offsets));
        reg(server, RequestCode.GET_ALL_CONSUMER_OFFSET, new GetAllConsumerOffsetHandler(offsets));
        reg(server, RequestCode.GET_ALL_DELAY_OFFSET, new GetAllDelayOffsetHandler(GetAllDelayOffsetHandler.NONE));
        reg(server, RequestCode.GET_BROKER_CONFIG, new GetBrokerConfigHandler(config, server.port(), bootMillis));
        reg(server, RequestCode.GET_PRODUCER_CONNECTION_LIST, new GetProducerConnectionListHandler(clients));
        reg(
                server,
                RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
                new ResetOffsetHandler(topics, groups, offsets, clients, store, name));
    }

    private static void reg(RemotingServer server, RequestCode code, RequestHandler handler) {
        server.registerHandler(code.code(), handler);
    }
}
