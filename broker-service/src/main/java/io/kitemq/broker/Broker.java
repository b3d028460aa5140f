package io.kitemq.broker;

import io.kitemq.broker.admin.AdminHandlers;
import io.kitemq.broker.admin.GetAllDelayOffsetHandler;
import io.kitemq.broker.client.ClientConnectionListener;
import io.kitemq.broker.client.ClientRegistry;
import io.kitemq.broker.client.ConsumerIdsChangedNotifier;
import io.kitemq.broker.client.GetConsumerConnectionListHandler;
import io.kitemq.broker.client.GetConsumerListByGroupHandler;
import io.kitemq.broker.client.HeartbeatHandler;
import io.kitemq.broker.client.UnregisterClientHandler;
import io.kitemq.broker.consume.QueryConsumerOffsetHandler;
import io.kitemq.broker.consume.UpdateConsumerOffsetHandler;
import io.kitemq.broker.filter.CheckClientConfigHandler;
import io.kitemq.broker.filter.SqlFilters;
import io.kitemq.broker.group.SubscriptionGroupConfig;
import io.kitemq.broker.group.SubscriptionGroupTable;
import io.kitemq.broker.lock.LockBatchHandler;
import io.kitemq.broker.lock.QueueLocks;
import io.kitemq.broker.lock.UnlockBatchHandler;
import io.kitemq.broker.offset.ConsumerOffsetTable;
import io.kitemq.broker.pull.PullHoldService;
import io.kitemq.broker.pull.PullMessageHandler;
import io.kitemq.broker.query.QueryMessageHandler;
import io.kitemq.broker.query.ViewMessageByIdHandler;
import io.kitemq.broker.queue.GetEarliestMsgStoretimeHandler;
import io.kitemq.broker.queue.GetMaxOffsetHandler;
import io.kitemq.broker.queue.GetMinOffsetHandler;
import io.kitemq.broker.queue.SearchOffsetHandler;
import io.kitemq.broker.registration.NameServerRegistrar;
import io.kitemq.broker.retry.SendMessageBackHandler;
import io.kitemq.broker.schedule.ScheduledDelivery;
import io.kitemq.broker.send.SendHandlers;
import io.kitemq.broker.send.SendPath;
import io.kitemq.broker.topic.SystemTopics;
import io.kitemq.broker.topic.TopicTable;
import io.kitemq.broker.transaction.EndTransactionHandler;
import io.kitemq.broker.transaction.TransactionConfig;
import io.kitemq.broker.transaction.Transactions;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.remoting.ClientConfig;
import io.kitemq.remoting.RemotingClient;
import io.kitemq.remoting.RemotingServer;
import io.kitemq.remoting.ServerConfig;
import io.kitemq.store.MessageStore;
import io.kitemq.store.StoreMetrics;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker: the message store served over the remoting protocol — send, pull with long polling,
 * consumer groups, offsets, queue locks, queries — registered with every NameServer. Plain Java
 * ({@code new Broker(config, ...).start()}) so tests and the embedded cluster run it in-process; the
 * Boot shell adds REST, actuator and properties around it.
 *
 * <p>Slow request kinds run on their own executors (send, pull, everything else), never on Netty's
 * event loop. {@link #close} stops accepting, answers held pulls, unregisters from the NameServers,
 * persists offsets and closes the store cleanly.
 *
 * <p>Thread-safe; {@link #start} and {@link #close} once each.
 */
public final class Broker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    private final BrokerConfig config;
    private final InstantSource clock;
    private final BrokerMetrics metrics;
    private final StoreMetrics storeMetrics;
    private MessageStore store;
    private TopicTable topics;
    private SubscriptionGroupTable groups;
    private ConsumerOffsetTable offsets;
    private ClientRegistry clients;
    private QueueLocks locks;
    private PullHoldService holds;
    private final SqlFilters sqlFilters = new SqlFilters();
    private SendPath sendPath;
    private TransactionConfig transactionConfig = TransactionConfig.defaults();
    private Transactions transactions;
    private ScheduledDelivery scheduled;
    private RemotingServer server;
    private RemotingClient nameServerClient;
    private NameServerRegistrar registrar;
    private ThreadPoolExecutor sendExecutor;
    private ThreadPoolExecutor pullExecutor;
    private ScheduledExecutorService scheduler;

    public Broker(BrokerConfig config, InstantSource clock, BrokerMetrics metrics, StoreMetrics storeMetrics) {
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.storeMetrics = storeMetrics;
    }

    /** Sets the timing of transaction checks (default {@link TransactionConfig#defaults()}); before {@link #start}. */
    public synchronized Broker transactionConfig(TransactionConfig transactionConfig) {
        this.transactionConfig = java.util.Objects.requireNonNull(transactionConfig, "transactionConfig");
        return this;
    }

    public synchronized Broker start() {
        Path configDir = config.store().dir().resolve("config");
        store = MessageStore.open(config.store(), clock, storeMetrics);
        try {
            topics = TopicTable.open(
                    configDir,
                    SystemTopics.of(
                            config.clusterName(),
                            config.brokerName(),
                            config.autoCreateTopicEnable(),
                            config.defaultTopicQueueNums()),
                    clock);
            groups = SubscriptionGroupTable.open(configDir, clock);
            offsets = ConsumerOffsetTable.open(configDir);
            clients = new ClientRegistry(
                    clock, config.clientExpiry(), new ConsumerIdsChangedNotifier(this::notifyEnabled));
            locks = new QueueLocks(clock, config.queueLockExpiry());
            holds = new PullHoldService(store, clock, metrics, 1000);
            store.addDispatchListener(holds);
            scheduled = new ScheduledDelivery(config.schedule(), store, configDir, clock);
            startServer();
            startRegistration();
            scheduler = Executors.newSingleThreadScheduledExecutor(daemon("kitemq-broker-scheduler"));
            scheduler.scheduleWithFixedDelay(this::persistOffsets, 5, 5, TimeUnit.SECONDS);
            scheduler.scheduleWithFixedDelay(this::expireClients, 10, 10, TimeUnit.SECONDS);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        log.info(
                "broker {} ({} id {}) serving at {} for NameServers {}",
                config.brokerName(),
                config.clusterName(),
                config.brokerId(),
                address(),
                config.nameServerAddrs());
        return this;
    }

    /**
     * A consumer group announced by a heartbeat: its subscription group must exist (or be auto-created)
     * and its retry topic is created, as RocketMQ does, so the client's automatic retry subscription works.
     */
    private boolean admitConsumer(io.kitemq.protocol.body.ConsumerData consumer) {
        SubscriptionGroupConfig group =
                groups.getOrAutoCreate(consumer.groupName(), config.autoCreateSubscriptionGroup());
        if (group == null) {
            return false;
        }
        sqlFilters.admit(consumer);
        topics.createRetryTopicIfAbsent(
                consumer.groupName(), group.retryQueueNums(), TopicConfig.PERM_READ | TopicConfig.PERM_WRITE);
        return true;
    }

    private boolean notifyEnabled(String group) {
        SubscriptionGroupConfig g = groups.get(group);
        return g == null || g.notifyConsumerIdsChangedEnable();
    }

    private void startServer() {
        int cores = Runtime.getRuntime().availableProcessors();
        sendExecutor = pool("kitemq-broker-send", Math.min(cores, 4), 10_000);
        pullExecutor = pool("kitemq-broker-pull", 16 + 2 * cores, 100_000);
        server = new RemotingServer(
                ServerConfig.defaults("kitemq-broker", config.listenPort()).withBindAddress(config.bindAddress()));
        String advertised = config.brokerIp() + ":" + config.listenPort();
        server.addConnectionListener(new ClientConnectionListener(clients, locks::unlockAll));
        server.start();
        advertised = address();
        sendPath = new SendPath(
                store,
                topics,
                metrics,
                true,
                config.defaultTopicQueueNums(),
                config.autoCreateTopicEnable(),
                advertised,
                scheduled.staging());
        SendHandlers.register(server, sendExecutor, sendPath);
        registerTransactionHandlers();
        PullMessageHandler pull = new PullMessageHandler(
                store,
                topics,
                groups,
                clients,
                offsets,
                holds,
                metrics,
                clock,
                pullExecutor,
                config.autoCreateSubscriptionGroup(),
                config.longPollingEnable(),
                config.shortPollingTime().toMillis(),
                sqlFilters);
        server.registerHandler(RequestCode.PULL_MESSAGE.code(), pull, pullExecutor);
        server.registerHandler(RequestCode.CHECK_CLIENT_CONFIG.code(), new CheckClientConfigHandler(sqlFilters));
        server.registerHandler(RequestCode.LITE_PULL_MESSAGE.code(), pull, pullExecutor);
        server.registerHandler(RequestCode.HEART_BEAT.code(), new HeartbeatHandler(clients, this::admitConsumer));
        server.registerHandler(RequestCode.UNREGISTER_CLIENT.code(), new UnregisterClientHandler(clients));
        server.registerHandler(
                RequestCode.GET_CONSUMER_LIST_BY_GROUP.code(), new GetConsumerListByGroupHandler(clients));
        server.registerHandler(
                RequestCode.GET_CONSUMER_CONNECTION_LIST.code(), new GetConsumerConnectionListHandler(clients));
        server.registerHandler(RequestCode.LOCK_BATCH_MQ.code(), new LockBatchHandler(locks));
        server.registerHandler(RequestCode.UNLOCK_BATCH_MQ.code(), new UnlockBatchHandler(locks));
        server.registerHandler(
                RequestCode.QUERY_CONSUMER_OFFSET.code(), new QueryConsumerOffsetHandler(offsets, store));
        server.registerHandler(RequestCode.UPDATE_CONSUMER_OFFSET.code(), new UpdateConsumerOffsetHandler(offsets));
        server.registerHandler(RequestCode.GET_MAX_OFFSET.code(), new GetMaxOffsetHandler(store));
        server.registerHandler(RequestCode.GET_MIN_OFFSET.code(), new GetMinOffsetHandler(store));
        server.registerHandler(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP.code(), new SearchOffsetHandler(store));
        server.registerHandler(
                RequestCode.GET_EARLIEST_MSG_STORETIME.code(), new GetEarliestMsgStoretimeHandler(store));
        server.registerHandler(RequestCode.QUERY_MESSAGE.code(), new QueryMessageHandler(store));
        server.registerHandler(RequestCode.VIEW_MESSAGE_BY_ID.code(), new ViewMessageByIdHandler(store));
        registerAdminHandlers();
        registerScheduleHandlers();
    }

    /** Delayed and timed delivery, retries and dead letters (issue #7); starts the delivery threads. */
    private void registerScheduleHandlers() {
        server.registerHandler(
                RequestCode.CONSUMER_SEND_MSG_BACK.code(),
                new SendMessageBackHandler(
                        store, topics, groups, scheduled.staging(), metrics, config.autoCreateSubscriptionGroup()),
                sendExecutor);
        server.registerHandler(
                RequestCode.GET_ALL_DELAY_OFFSET.code(), new GetAllDelayOffsetHandler(scheduled::delayOffsets));
        scheduled.start();
    }

    /** Transactional messages (issue #7): END_TRANSACTION, and the checks of undecided half messages. */
    private void registerTransactionHandlers() {
        transactions = Transactions.open(
                store,
                topics,
                clients,
                metrics,
                clock,
                transactionConfig,
                sendPath.storeHost(),
                config.store().dir().resolve("config"),
                scheduled.staging()::stage);
        server.registerHandler(
                RequestCode.END_TRANSACTION.code(), new EndTransactionHandler(transactions), sendExecutor);
    }

    /** The admin handlers ({@code mqadmin}'s common commands); see {@link AdminHandlers}. */
    private void registerAdminHandlers() {
        AdminHandlers.register(
                server,
                config,
                clock,
                store,
                topics,
                groups,
                offsets,
                clients,
                Map.of("send", sendExecutor.getQueue(), "pull", pullExecutor.getQueue()));
    }

    private void startRegistration() {
        nameServerClient = new RemotingClient(ClientConfig.defaults("kitemq-broker-outbound"));
        registrar = new NameServerRegistrar(
                new NameServerRegistrar.Identity(
                        config.clusterName(),
                        config.brokerName(),
                        config.brokerId(),
                        address(),
                        config.brokerIp() + ":0"),
                config.nameServerAddrs(),
                topics::snapshot,
                nameServerClient);
        topics.addChangeListener((topic, tc) -> registrar.topicsChanged());
        registrar.start(config.registerInterval());
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queue) {
        return new ThreadPoolExecutor(
                threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), daemon(name));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void persistOffsets() {
        try {
            offsets.persist();
        } catch (RuntimeException e) {
            log.error("cannot persist consumer offsets", e);
        }
    }

    private void expireClients() {
        try {
            clients.expire();
        } catch (RuntimeException e) {
            log.error("client expiry failed", e);
        }
    }

    /** The address clients reach this broker at ({@code brokerIp:port}). */
    public String address() {
        return config.advertisedAddress(server.port());
    }

    public int port() {
        return server.port();
    }

    public MessageStore store() {
        return store;
    }

    public TopicTable topics() {
        return topics;
    }

    public SubscriptionGroupTable groups() {
        return groups;
    }

    public ConsumerOffsetTable offsets() {
        return offsets;
    }

    public ClientRegistry clients() {
        return clients;
    }

    /** The send path behind the remoting send handlers, for other doors (REST) to store through. */
    public SendPath sendPath() {
        return sendPath;
    }

    /** Delayed and timed delivery: pending counts and deliveries for metrics. */
    public ScheduledDelivery scheduledDelivery() {
        return scheduled;
    }

    public PullHoldService holds() {
        return holds;
    }

    /** Transactional messages: pending half messages for metrics. */
    public Transactions transactions() {
        return transactions;
    }

    public BrokerConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        if (registrar != null) {
            registrar.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (holds != null) {
            holds.close();
        }
        if (transactions != null) {
            transactions.close();
        }
        // holds.close() answers the held pulls on the pull executor: drain it so those answers are written
        // before the server closes the connections, or each consumer waits out its 30 s pull timeout
        shutdown(pullExecutor);
        if (server != null) {
            server.shutdown();
        }
        if (nameServerClient != null) {
            nameServerClient.shutdown();
        }
        shutdown(sendExecutor);
        if (scheduled != null) {
            scheduled.close();
        }
        if (offsets != null) {
            persistOffsets();
        }
        if (topics != null) {
            topics.persist();
        }
        if (groups != null) {
            groups.persist();
        }
        if (store != null) {
            store.close();
        }
        log.info("broker {} stopped", config.brokerName());
    }

    private static void shutdown(ThreadPoolExecutor pool) {
        if (pool != null) {
            pool.shutdown();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
