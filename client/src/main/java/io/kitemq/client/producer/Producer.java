package io.kitemq.client.producer;

import io.kitemq.client.FatalClientException;
import io.kitemq.client.KiteMqClientException;
import io.kitemq.client.RetriableClientException;
import io.kitemq.client.TopicNotFoundException;
import io.kitemq.client.core.ClientOptions;
import io.kitemq.client.core.ClientRuntime;
import io.kitemq.client.core.HeartbeatContributor;
import io.kitemq.client.core.TopicRoute;
import io.kitemq.protocol.body.ProducerData;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.SendMessageResponseHeader;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageQueue;
import io.kitemq.protocol.message.UniqueIdGenerator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages to a topic's brokers: synchronously ({@link #send}), asynchronously ({@link #sendAsync}),
 * one-way ({@link #sendOneway}), as a batch, or ordered (to the queue a {@link QueueSelector} picks).
 *
 * <p>Each send is checked and encoded first ({@link OutgoingMessage}: topic name, body size, UNIQ_KEY,
 * compression). A non-ordered send goes round-robin over the topic's writable queues, avoiding brokers
 * whose circuit breaker is open ({@link FaultTolerance}); after a retriable failure it refreshes the route
 * and tries again on another broker, up to {@link ProducerOptions#retries()} times within the send
 * timeout. A topic the NameServers do not know is sent through the route of TBW102, so the broker
 * creates it on first send (RocketMQ's auto-create).
 *
 * <p>Owns its {@link ClientRuntime} (connections, threads); {@link #close()} unregisters the group from
 * the brokers and releases everything. Thread-safe: share one producer between threads.
 */
public final class Producer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Producer.class);

    /** Picks a queue among the topic's writable ones; {@code avoid} is the broker of a failed attempt. */
    @FunctionalInterface
    interface QueuePick {
        QueueChooser.Choice pick(List<MessageQueue> queues, String avoid);
    }

    private record Attempt(MessageQueue queue, String address, boolean permitted, long startNanos) {}

    private record DerivedRoute(TopicRoute route, long expiresAtMs) {}

    private final ClientRuntime runtime;
    private final ProducerOptions options;
    private final BrokerHealth health;
    private final QueueChooser chooser;
    private final UniqueIdGenerator ids = UniqueIdGenerator.forThisProcess();
    private final Clock clock;
    private final Map<String, DerivedRoute> derivedRoutes = new ConcurrentHashMap<>();
    private final HeartbeatContributor heartbeat;

    private Producer(ClientRuntime runtime, ProducerOptions options, MeterRegistry meters, Clock clock) {
        this.runtime = runtime;
        this.options = options;
        this.clock = clock;
        this.health = new BrokerHealth(options.group(), options.faultTolerance(), clock, meters);
        this.chooser = new QueueChooser(health);
        ProducerData data = new ProducerData(options.group());
        this.heartbeat = new HeartbeatContributor() {
            @Override
            public Set<ProducerData> producers() {
                return Set.of(data);
            }
        };
        runtime.register(heartbeat);
    }

    /** Starts a producer with its own connections and threads. */
    public static Producer start(ClientOptions client, ProducerOptions options) {
        return start(client, options, null);
    }

    /** Starts a producer whose circuit-breaker metrics go to {@code meters} ({@code null}: none). */
    public static Producer start(ClientOptions client, ProducerOptions options, MeterRegistry meters) {
        return start(client, options, meters, Clock.systemUTC());
    }

    static Producer start(ClientOptions client, ProducerOptions options, MeterRegistry meters, Clock clock) {
        ClientRuntime runtime = ClientRuntime.start(client, "producer-" + options.group());
        try {
            return new Producer(runtime, options, meters, clock);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    public ProducerOptions options() {
        return options;
    }

    public String clientId() {
        return runtime.clientId();
    }

    ClientRuntime runtime() {
        return runtime;
    }

    BrokerHealth health() {
        return health;
    }

    // ---- sync ----

    public SendResult send(Message message) {
        return send(message, options.sendTimeout());
    }

    /** Sends and waits for the broker's answer; retries on other brokers within {@code timeout}. */
    public SendResult send(Message message, Duration timeout) {
        return sendSync(OutgoingMessage.single(message, options, ids), chooser::choose, 1 + options.retries(), timeout);
    }

    /** Sends all {@code messages} (same topic) as one batch into one queue. */
    public SendResult send(Collection<? extends Message> messages) {
        return send(messages, options.sendTimeout());
    }

    public SendResult send(Collection<? extends Message> messages, Duration timeout) {
        return sendSync(OutgoingMessage.batch(messages, options, ids), chooser::choose, 1 + options.retries(), timeout);
    }

    /** Sends to the queue {@code selector} picks for {@code arg}; no retry, so order is kept. */
    public SendResult send(Message message, QueueSelector selector, Object arg) {
        return send(message, selector, arg, options.sendTimeout());
    }

    public SendResult send(Message message, QueueSelector selector, Object arg, Duration timeout) {
        return sendSync(OutgoingMessage.single(message, options, ids), selected(selector, message, arg), 1, timeout);
    }

    /** Ordered send: messages with equal {@code key} go to the same queue (hash of the key). */
    public SendResult sendOrdered(Message message, Object key) {
        return send(message, QueueSelector.byHash(), key);
    }

    /** Sends to exactly {@code queue} (of the message's topic); no retry. */
    public SendResult send(Message message, MessageQueue queue) {
        return send(message, queue, options.sendTimeout());
    }

    public SendResult send(Message message, MessageQueue queue, Duration timeout) {
        return sendSync(OutgoingMessage.single(message, options, ids), fixed(message, queue), 1, timeout);
    }

    // ---- async ----

    public CompletableFuture<SendResult> sendAsync(Message message) {
        return sendAsync(message, options.sendTimeout());
    }

    /**
     * Sends without blocking (except for the route lookup of a topic this producer has not used yet). The
     * future completes on the client's callback threads, with retries on other brokers as {@link #send}.
     * A message that fails the checks fails the future.
     */
    public CompletableFuture<SendResult> sendAsync(Message message, Duration timeout) {
        try {
            OutgoingMessage out = OutgoingMessage.single(message, options, ids);
            return sendAsync(out, chooser::choose, 1 + options.retries(), deadline(timeout));
        } catch (KiteMqClientException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public CompletableFuture<SendResult> sendAsync(Collection<? extends Message> messages) {
        try {
            OutgoingMessage out = OutgoingMessage.batch(messages, options, ids);
            return sendAsync(out, chooser::choose, 1 + options.retries(), deadline(options.sendTimeout()));
        } catch (KiteMqClientException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public CompletableFuture<SendResult> sendAsync(Message message, QueueSelector selector, Object arg) {
        try {
            OutgoingMessage out = OutgoingMessage.single(message, options, ids);
            return sendAsync(out, selected(selector, message, arg), 1, deadline(options.sendTimeout()));
        } catch (KiteMqClientException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // ---- oneway ----

    /** Sends without waiting for the broker: returns once the request is written. No retry, no result. */
    public void sendOneway(Message message) {
        sendOneway(OutgoingMessage.single(message, options, ids), chooser::choose);
    }

    public void sendOneway(Message message, QueueSelector selector, Object arg) {
        sendOneway(OutgoingMessage.single(message, options, ids), selected(selector, message, arg));
    }

    private void sendOneway(OutgoingMessage out, QueuePick pick) {
        Attempt a = prepare(out.topic(), pick, null);
        CompletableFuture<Void> written =
                runtime.invokeOneway(a.address(), out.request(options.group(), a.queue(), options));
        try {
            written.get(options.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            record(a, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableClientException(
                    "interrupted during a oneway send", out.topic(), a.queue(), a.address(), null, e);
        } catch (ExecutionException | TimeoutException e) {
            RetriableClientException failure = new RetriableClientException(
                    "oneway send failed: " + e, out.topic(), a.queue(), a.address(), null, e);
            record(a, failure);
            throw failure;
        }
    }

    // ---- the send loops ----

    private SendResult sendSync(OutgoingMessage out, QueuePick pick, int attempts, Duration timeout) {
        long deadline = deadline(timeout);
        KiteMqClientException last = null;
        String avoid = null;
        for (int i = 0; i < attempts && System.nanoTime() < deadline; i++) {
            Attempt a = null;
            try {
                a = prepare(out.topic(), pick, avoid);
                RemotingCommand request = out.request(options.group(), a.queue(), options);
                RemotingCommand response = runtime.invoke(a.address(), request, remaining(deadline));
                SendResult result = toResult(response, out, a);
                record(a, null);
                return result;
            } catch (KiteMqClientException e) {
                record(a, e);
                if (!e.isRetriable()) {
                    throw e;
                }
                last = e;
                avoid = a == null ? null : a.queue().brokerName();
                afterFailure(out.topic(), e);
            }
        }
        throw exhausted(out, attempts, last, timeout);
    }

    private CompletableFuture<SendResult> sendAsync(OutgoingMessage out, QueuePick pick, int attempts, long deadline) {
        return attemptAsync(out, pick, attempts, deadline, 0, null, null);
    }

    private CompletableFuture<SendResult> attemptAsync(
            OutgoingMessage out,
            QueuePick pick,
            int attempts,
            long deadline,
            int i,
            String avoid,
            KiteMqClientException last) {
        if (i >= attempts || System.nanoTime() >= deadline) {
            return CompletableFuture.failedFuture(exhausted(out, attempts, last, null));
        }
        Attempt a;
        try {
            a = prepare(out.topic(), pick, avoid);
        } catch (KiteMqClientException e) {
            if (!e.isRetriable()) {
                return CompletableFuture.failedFuture(e);
            }
            return attemptAsync(out, pick, attempts, deadline, i + 1, avoid, e);
        }
        RemotingCommand request = out.request(options.group(), a.queue(), options);
        return runtime.invokeAsync(a.address(), request, remaining(deadline))
                .thenApply(response -> toResult(response, out, a))
                .handle((result, error) -> {
                    if (error == null) {
                        record(a, null);
                        return CompletableFuture.completedFuture(result);
                    }
                    Throwable cause =
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    record(a, cause);
                    if (!(cause instanceof KiteMqClientException e) || !e.isRetriable()) {
                        return CompletableFuture.<SendResult>failedFuture(cause);
                    }
                    afterFailure(out.topic(), e);
                    return attemptAsync(
                            out, pick, attempts, deadline, i + 1, a.queue().brokerName(), e);
                })
                .thenCompose(f -> f);
    }

    private Attempt prepare(String topic, QueuePick pick, String avoid) {
        TopicRoute route = publishRoute(topic);
        List<MessageQueue> queues = route.publishQueues();
        if (queues.isEmpty()) {
            throw new RetriableClientException(
                    "topic " + topic + " has no writable queue on a broker with a master",
                    topic,
                    null,
                    null,
                    null,
                    null);
        }
        QueueChooser.Choice choice = pick.pick(queues, avoid);
        MessageQueue queue = choice.queue();
        String address = route.masterAddress(queue.brokerName());
        if (address == null) {
            address = runtime.masterAddress(queue.brokerName());
        }
        if (address == null) {
            if (choice.permitted()) {
                health.record(queue.brokerName(), Duration.ZERO, null);
            }
            throw new RetriableClientException(
                    "no master address for broker " + queue.brokerName(), topic, queue, queue.brokerName(), null, null);
        }
        return new Attempt(queue, address, choice.permitted(), System.nanoTime());
    }

    /** The route to publish {@code topic} by: its own, or for an unknown topic TBW102's under its name. */
    TopicRoute publishRoute(String topic) {
        TopicRoute cached = runtime.cachedRoute(topic).orElse(null);
        if (cached != null) {
            return cached;
        }
        DerivedRoute derived = derivedRoutes.get(topic);
        if (derived != null && clock.millis() < derived.expiresAtMs()) {
            return derived.route();
        }
        TopicRoute found = runtime.findRoute(topic).orElse(null);
        if (found != null) {
            derivedRoutes.remove(topic);
            return found;
        }
        TopicRoute template = runtime.findRoute(options.autoCreateTopicKey())
                .orElseThrow(() -> new TopicNotFoundException(
                        topic, runtime.options().nameServers().toString()));
        TopicRoute route = TopicRoute.derived(topic, template, options.defaultTopicQueueNums());
        long ttl = runtime.options().routeRefreshInterval().toMillis();
        derivedRoutes.put(topic, new DerivedRoute(route, clock.millis() + ttl));
        log.debug(
                "topic {} is not known to the NameServers; sending through the route of {}",
                topic,
                options.autoCreateTopicKey());
        return route;
    }

    /** The writable queues of {@code topic} (the TBW102-derived ones for a topic that does not exist yet). */
    public List<MessageQueue> publishQueues(String topic) {
        return publishRoute(topic).publishQueues();
    }

    private static SendResult toResult(RemotingCommand response, OutgoingMessage out, Attempt a) {
        SendStatus status = SendStatus.ofCode(response.code());
        if (status == null) {
            throw KiteMqClientException.ofResponse(
                    "send failed", response.code(), response.remark(), out.topic(), a.queue(), a.address());
        }
        SendMessageResponseHeader h = SendMessageResponseHeader.decode(response.extFields());
        MessageQueue queue = new MessageQueue(out.topic(), a.queue().brokerName(), h.queueId());
        return new SendResult(status, out.msgId(), h.msgId(), queue, h.queueOffset(), h.transactionId());
    }

    private void record(Attempt a, Throwable failure) {
        if (a != null && a.permitted()) {
            health.record(a.queue().brokerName(), Duration.ofNanos(System.nanoTime() - a.startNanos()), failure);
        }
    }

    private void afterFailure(String topic, KiteMqClientException e) {
        Integer code = e.responseCode();
        if (code == null
                || code == ResponseCode.TOPIC_NOT_EXIST.code()
                || code == ResponseCode.NO_PERMISSION.code()
                || code == ResponseCode.SERVICE_NOT_AVAILABLE.code()) {
            try {
                if (runtime.cachedRoute(topic).isPresent()) {
                    runtime.refreshRoute(topic);
                }
            } catch (KiteMqClientException refreshFailure) {
                log.debug("route refresh of {} after a failed send failed too: {}", topic, refreshFailure.getMessage());
            }
        }
    }

    private KiteMqClientException exhausted(OutgoingMessage out, int attempts, KiteMqClientException last, Duration t) {
        if (last == null) {
            return new RetriableClientException(
                    "send timed out" + (t == null ? "" : " after " + t.toMillis() + " ms") + " before an attempt",
                    out.topic(),
                    null,
                    null,
                    null,
                    null);
        }
        return new RetriableClientException(
                "send failed after " + attempts + " attempt(s); last: " + last.getMessage(),
                out.topic(),
                last.queue(),
                last.broker(),
                last.responseCode(),
                last);
    }

    private QueuePick selected(QueueSelector selector, Message message, Object arg) {
        if (selector == null) {
            throw new FatalClientException("the queue selector is null");
        }
        return (queues, avoid) -> {
            MessageQueue q = selector.select(queues, message, arg);
            if (q == null || !queues.contains(q)) {
                throw new FatalClientException(
                        "the selector picked " + q + ", not one of the topic's writable queues",
                        message.getTopic(),
                        null,
                        null,
                        null,
                        null);
            }
            return new QueueChooser.Choice(q, health.tryAcquire(q.brokerName()));
        };
    }

    private QueuePick fixed(Message message, MessageQueue queue) {
        if (queue == null || !queue.topic().equals(message.getTopic())) {
            throw new FatalClientException(
                    "the queue " + queue + " is not of the message's topic",
                    message.getTopic(),
                    queue,
                    null,
                    null,
                    null);
        }
        return (queues, avoid) -> new QueueChooser.Choice(queue, health.tryAcquire(queue.brokerName()));
    }

    private static long deadline(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new FatalClientException("the send timeout must be positive: " + timeout);
        }
        return System.nanoTime() + timeout.toNanos();
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    /** Unregisters the group from the brokers and closes connections and threads. Idempotent. */
    @Override
    public void close() {
        if (runtime.isClosed()) {
            return;
        }
        try {
            runtime.unregister(heartbeat);
        } finally {
            runtime.close();
        }
    }
}
