package io.kitemq.client.consumer;

import io.kitemq.client.consumer.offset.BrokerOffsetStore;
import io.kitemq.client.consumer.offset.FileOffsetStore;
import io.kitemq.client.consumer.offset.OffsetStore;
import io.kitemq.client.core.ClientOptions;
import io.kitemq.client.core.ClientRuntime;
import io.kitemq.client.core.HeartbeatContributor;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.ConsumeType;
import io.kitemq.protocol.body.ConsumerData;
import io.kitemq.protocol.body.ResetOffsetBody;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.NotifyConsumerIdsChangedRequestHeader;
import io.kitemq.protocol.header.ResetOffsetRequestHeader;
import io.kitemq.protocol.message.MessageQueue;
import io.kitemq.protocol.message.TopicName;
import io.kitemq.remoting.RemotingPeer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A push consumer: the client pulls (long polling) in the background and calls the application's
 * {@link ConcurrentListener} or {@link OrderlyListener}.
 *
 * <pre>{@code
 * try (PushConsumer consumer = PushConsumer.start(ClientOptions.of("127.0.0.1:9876"),
 *         PushConsumerConfig.defaults("my-group"), List.of(Subscription.of("Orders", "TagA || TagB")),
 *         (ConcurrentListener) (messages, context) -> ConsumeResult.SUCCESS)) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Clustering (default): the group's queues are split among its online clients by the configured
 * {@link io.kitemq.client.rebalance.AllocationStrategy}, re-split every rebalance interval and when a
 * broker announces a membership change; offsets live on the brokers; the group's retry topic is
 * subscribed automatically. Broadcasting: this client consumes every queue; offsets live in a local
 * file. A group with no committed offset starts where {@link PushConsumerConfig#consumeFromWhere()}
 * says. The broker may reset the group's offsets (RESET_CONSUMER_CLIENT_OFFSET); the consumer then
 * restarts the affected queues at the new offsets.
 *
 * <p>This object owns its connections and threads (one {@link ClientRuntime}, a control thread, a pull
 * thread, the listener pool). {@link #close()} stops pulling, lets running listener calls finish (up
 * to 5 s), persists offsets, releases orderly queue locks, unregisters from the brokers and releases
 * everything. Thread-safe.
 */
public final class PushConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PushConsumer.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final PushConsumerConfig config;
    private final ClientRuntime runtime;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final ConsumerRequests requests;
    private final OffsetStore offsets;
    private final Consumption consumption;
    private final PullLoop pullLoop;
    private final Rebalancer rebalancer;
    private final ScheduledThreadPoolExecutor control;
    private final ScheduledThreadPoolExecutor pulls;
    private final HeartbeatContributor membership;
    private volatile boolean closed;

    private PushConsumer(
            ClientOptions options, PushConsumerConfig config, List<Subscription> subs, MessageListener listener) {
        this.config = config;
        this.runtime = ClientRuntime.start(options, "consumer-" + config.group());
        subs.forEach(s -> subscriptions.put(s.topic(), s));
        if (config.clustering()) {
            String retry = TopicName.RETRY_PREFIX + config.group();
            subscriptions.put(retry, Subscription.all(retry));
        }
        this.requests = new ConsumerRequests(runtime);
        this.offsets = config.clustering()
                ? new BrokerOffsetStore(config.group(), requests)
                : new FileOffsetStore(
                        config.group(),
                        FileOffsetStore.defaultFile(config.offsetDir(), runtime.clientId(), config.group()));
        this.control = singleThread("consumer-" + config.group() + "-control");
        this.pulls = singleThread("consumer-" + config.group() + "-pull");
        this.consumption = listener instanceof OrderlyListener o
                ? new OrderlyConsumption(config, o, offsets, pulls)
                : new ConcurrentConsumption(config, (ConcurrentListener) listener, requests, offsets, pulls);
        this.pullLoop = new PullLoop(config, requests, offsets, subscriptions, consumption, pulls);
        long timestamp = config.consumeTimestampMillis() > 0
                ? config.consumeTimestampMillis()
                : System.currentTimeMillis() - Duration.ofMinutes(30).toMillis();
        this.rebalancer = new Rebalancer(
                config.group(),
                config.clustering(),
                consumption.orderly(),
                config.consumeFromWhere(),
                timestamp,
                config.allocation(),
                requests,
                offsets,
                subscriptions::values,
                pullLoop::start);
        this.membership = new HeartbeatContributor() {
            @Override
            public Set<ConsumerData> consumers() {
                return Set.of(consumerData());
            }
        };
    }

    /**
     * Starts a consumer: registers with the brokers of the subscribed topics and begins rebalancing
     * and pulling.
     *
     * @throws IllegalArgumentException if there is no subscription
     * @throws io.kitemq.client.FatalClientException if a broker refuses a SQL92 subscription's expression
     */
    public static PushConsumer start(
            ClientOptions options,
            PushConsumerConfig config,
            List<Subscription> subscriptions,
            MessageListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (subscriptions.isEmpty()) {
            throw new IllegalArgumentException("consumer group " + config.group() + " subscribes to nothing");
        }
        PushConsumer consumer = new PushConsumer(options, config, subscriptions, listener);
        try {
            consumer.begin();
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        return consumer;
    }

    private void begin() {
        runtime.registerHandler(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, this::onIdsChanged, null);
        runtime.registerHandler(RequestCode.RESET_CONSUMER_CLIENT_OFFSET, this::onResetOffset, null);
        for (String topic : subscriptions.keySet()) {
            if (runtime.findRoute(topic).isEmpty() && !topic.startsWith(TopicName.RETRY_PREFIX)) {
                log.warn(
                        "group {}: topic {} does not exist (yet); will retry on each rebalance", config.group(), topic);
            }
        }
        subscriptions.values().forEach(s -> requests.checkSubscription(config.group(), s));
        runtime.addRouteListener(route -> {
            if (subscriptions.containsKey(route.topic())) {
                rebalanceSoon();
            }
        });
        runtime.register(membership);
        runtime.heartbeatNow();
        long rebalance = config.rebalanceInterval().toMillis();
        long persist = config.persistInterval().toMillis();
        control.scheduleWithFixedDelay(this::rebalanceQuietly, 0, rebalance, TimeUnit.MILLISECONDS);
        control.scheduleWithFixedDelay(this::persistQuietly, persist, persist, TimeUnit.MILLISECONDS);
        if (consumption.orderly() && config.clustering()) {
            long lock = config.lockInterval().toMillis();
            control.scheduleWithFixedDelay(rebalancer::lockAll, lock, lock, TimeUnit.MILLISECONDS);
        }
        log.info(
                "push consumer {} of group {} started ({}, {}, {}), topics {}",
                runtime.clientId(),
                config.group(),
                config.messageModel(),
                consumption.orderly() ? "orderly" : "concurrent",
                config.allocation().name(),
                subscriptions.keySet());
    }

    private ConsumerData consumerData() {
        return new ConsumerData(
                config.group(),
                ConsumeType.CONSUME_PASSIVELY,
                config.messageModel(),
                config.consumeFromWhere(),
                subscriptions.values().stream().map(Subscription::toData).collect(Collectors.toSet()),
                false);
    }

    public String group() {
        return config.group();
    }

    /** This client's id, as the group's other members and the brokers see it. */
    public String clientId() {
        return runtime.clientId();
    }

    /** The queues this client consumes now. */
    public Set<MessageQueue> assignedQueues() {
        return Set.copyOf(rebalancer.owned().keySet());
    }

    /** The in-memory consume offsets (next offset to consume per queue). */
    public Map<MessageQueue, Long> offsets() {
        return offsets.snapshot();
    }

    /** How often pulls waited because a queue was over its flow-control limits. */
    public long flowControlPauses() {
        return pullLoop.flowControlPauses();
    }

    /** Rebalances now on the control thread (also done periodically and on broker notification). */
    public void rebalanceSoon() {
        try {
            control.execute(this::rebalanceQuietly);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private RemotingCommand onIdsChanged(RemotingPeer peer, RemotingCommand request) {
        NotifyConsumerIdsChangedRequestHeader h = NotifyConsumerIdsChangedRequestHeader.decode(request.extFields());
        if (config.group().equals(h.consumerGroup())) {
            log.debug("group {}: members changed (told by {}), rebalancing", config.group(), peer.remoteAddress());
            rebalanceSoon();
        }
        return null;
    }

    private RemotingCommand onResetOffset(RemotingPeer peer, RemotingCommand request) {
        ResetOffsetRequestHeader h = ResetOffsetRequestHeader.decode(request.extFields());
        if (!config.group().equals(h.group()) || !request.hasBody()) {
            return null;
        }
        ResetOffsetBody body = BodyCodec.decode(request.body(), ResetOffsetBody.class);
        try {
            control.execute(() -> resetOffsets(h.topic(), body));
        } catch (RejectedExecutionException e) {
            // closed
        }
        return null;
    }

    private void resetOffsets(String topic, ResetOffsetBody body) {
        int reset = 0;
        for (var e : body.offsetTable().entrySet()) {
            MessageQueue q = new MessageQueue(
                    e.getKey().topic(), e.getKey().brokerName(), e.getKey().queueId());
            if (!q.topic().equals(topic) || !subscriptions.containsKey(topic)) {
                continue;
            }
            rebalancer.forget(q);
            offsets.update(q, e.getValue(), false);
            // the broker already holds the new offset; persisting it again undoes a periodic persist of
            // the old one that may have run between the broker's reset and this notice
            offsets.persist(q);
            reset++;
        }
        log.info("group {}: broker reset offsets of {} queues of {}", config.group(), reset, topic);
        rebalanceQuietly();
    }

    private void rebalanceQuietly() {
        if (closed) {
            return;
        }
        try {
            rebalancer.rebalance();
        } catch (RuntimeException e) {
            log.warn("group {}: rebalance failed: {}", config.group(), e.toString());
        }
    }

    private void persistQuietly() {
        try {
            offsets.persist(Set.copyOf(rebalancer.owned().keySet()));
        } catch (RuntimeException e) {
            log.warn("group {}: offset persist failed: {}", config.group(), e.toString());
        }
    }

    private static ScheduledThreadPoolExecutor singleThread(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static void stop(ScheduledExecutorService executor) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops pulling and rebalancing, waits (up to 5 s) for listener calls in progress, persists the
     * offsets, releases queue locks, unregisters from the brokers and closes connections and threads.
     * Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pullLoop.stop();
        stop(control);
        stop(pulls);
        consumption.shutdown(CLOSE_GRACE);
        try {
            rebalancer.releaseAll();
        } catch (RuntimeException e) {
            log.warn("group {}: releasing queues on close failed: {}", config.group(), e.toString());
        }
        try {
            runtime.unregister(membership);
        } catch (RuntimeException e) {
            log.warn("group {}: unregister failed: {}", config.group(), e.toString());
        }
        runtime.close();
        log.info("push consumer {} of group {} closed", runtime.clientId(), config.group());
    }
}
