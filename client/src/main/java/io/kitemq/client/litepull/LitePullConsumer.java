package io.kitemq.client.litepull;

import io.kitemq.client.FatalClientException;
import io.kitemq.client.consumer.ConsumerRequests;
import io.kitemq.client.consumer.ProcessQueue;
import io.kitemq.client.consumer.PullResult;
import io.kitemq.client.consumer.Rebalancer;
import io.kitemq.client.consumer.Subscription;
import io.kitemq.client.consumer.offset.BrokerOffsetStore;
import io.kitemq.client.core.ClientOptions;
import io.kitemq.client.core.ClientRuntime;
import io.kitemq.client.core.HeartbeatContributor;
import io.kitemq.protocol.body.ConsumeType;
import io.kitemq.protocol.body.ConsumerData;
import io.kitemq.protocol.body.MessageModel;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.header.NotifyConsumerIdsChangedRequestHeader;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageQueue;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lite pull consumer: the application calls {@link #poll(Duration)}; the client pulls its queues in
 * the background into a buffer. Queues come from {@link #subscribe} (split over the group by
 * rebalance, like a push consumer) or from {@link #assign} (exactly those queues, no group
 * coordination) — one mode per consumer. Messages handed out by {@code poll} count as consumed; their
 * offsets go to the brokers every 5 s (auto commit) or on {@link #commitSync()}. {@link #seek} moves a
 * queue's position (and its consumed offset) to an offset, its beginning, its end or a timestamp.
 *
 * <pre>{@code
 * try (LitePullConsumer c = LitePullConsumer.start(ClientOptions.of(ns), LitePullConfig.defaults("g"))) {
 *     c.subscribe("Orders", "*");
 *     List<MessageExt> batch = c.poll(Duration.ofSeconds(1));
 * }
 * }</pre>
 *
 * <p>Owns its {@link ClientRuntime}, a control thread and a pull thread; {@link #close()} commits (when
 * auto commit is on), persists and releases everything. Thread-safe, though polling from one thread is
 * the intended use.
 */
public final class LitePullConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LitePullConsumer.class);
    private static final long PAUSE_MILLIS = 50;
    private static final long ERROR_DELAY_MILLIS = 1_000;

    private enum Mode {
        NONE,
        SUBSCRIBE,
        ASSIGN
    }

    private record Batch(PulledQueue queue, long generation, List<MessageExt> messages) {}

    private final LitePullConfig config;
    private final ClientRuntime runtime;
    private final ConsumerRequests requests;
    private final BrokerOffsetStore offsets;
    private final Rebalancer rebalancer;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<MessageQueue, PulledQueue> queues = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Batch> buffer = new LinkedBlockingQueue<>();
    private final ScheduledThreadPoolExecutor control;
    private final ScheduledThreadPoolExecutor pulls;
    private final HeartbeatContributor membership;
    private Mode mode = Mode.NONE;
    private volatile boolean closed;

    private LitePullConsumer(ClientOptions options, LitePullConfig config) {
        this.config = config;
        this.runtime = ClientRuntime.start(options, "litepull-" + config.group());
        this.requests = new ConsumerRequests(runtime);
        this.offsets = new BrokerOffsetStore(config.group(), requests);
        long timestamp = config.consumeTimestampMillis() > 0
                ? config.consumeTimestampMillis()
                : System.currentTimeMillis() - Duration.ofMinutes(30).toMillis();
        this.rebalancer = new Rebalancer(
                config.group(),
                true,
                false,
                config.consumeFromWhere(),
                timestamp,
                config.allocation(),
                requests,
                offsets,
                subscriptions::values,
                this::added);
        this.control = singleThread("litepull-" + config.group() + "-control");
        this.pulls = singleThread("litepull-" + config.group() + "-pull");
        this.membership = new HeartbeatContributor() {
            @Override
            public Set<ConsumerData> consumers() {
                return Set.of(new ConsumerData(
                        config.group(),
                        ConsumeType.CONSUME_ACTIVELY,
                        MessageModel.CLUSTERING,
                        config.consumeFromWhere(),
                        subscriptions.values().stream()
                                .map(Subscription::toData)
                                .collect(Collectors.toSet()),
                        false));
            }
        };
    }

    /** Starts a consumer with no queues yet; call {@link #subscribe} or {@link #assign}. */
    public static LitePullConsumer start(ClientOptions options, LitePullConfig config) {
        LitePullConsumer c = new LitePullConsumer(options, config);
        c.runtime.registerHandler(
                RequestCode.NOTIFY_CONSUMER_IDS_CHANGED,
                (peer, request) -> {
                    NotifyConsumerIdsChangedRequestHeader h =
                            NotifyConsumerIdsChangedRequestHeader.decode(request.extFields());
                    if (config.group().equals(h.consumerGroup())) {
                        c.rebalanceSoon();
                    }
                    return null;
                },
                null);
        if (config.autoCommit()) {
            long every = config.autoCommitInterval().toMillis();
            c.control.scheduleWithFixedDelay(c::commitQuietly, every, every, TimeUnit.MILLISECONDS);
        }
        return c;
    }

    /**
     * Subscribes to {@code topic} with a tag expression; the group's rebalance decides which queues this
     * client reads.
     *
     * @throws IllegalStateException if queues were {@link #assign assigned}
     */
    public synchronized void subscribe(String topic, String expression) {
        subscribe(Subscription.of(topic, expression));
    }

    /**
     * Subscribes with {@code subscription} (a tag expression, or SQL92 from {@link Subscription#sql}, which
     * the brokers check first); the group's rebalance decides which queues this client reads.
     *
     * @throws IllegalStateException if queues were {@link #assign assigned}
     * @throws FatalClientException if a broker refuses the SQL92 expression
     */
    public synchronized void subscribe(Subscription subscription) {
        ensureMode(Mode.SUBSCRIBE);
        String topic = subscription.topic();
        runtime.findRoute(topic);
        requests.checkSubscription(config.group(), subscription);
        boolean first = subscriptions.isEmpty();
        subscriptions.put(topic, subscription);
        if (first) {
            runtime.register(membership);
            long every = config.rebalanceInterval().toMillis();
            control.scheduleWithFixedDelay(this::rebalanceQuietly, every, every, TimeUnit.MILLISECONDS);
        }
        runtime.heartbeatNow();
        control.execute(this::rebalanceQuietly);
    }

    /**
     * Reads exactly {@code assigned} from now on (queues no longer listed stop); each new queue starts at
     * its committed offset, else where the configuration's consume-from-where says.
     *
     * @throws IllegalStateException if this consumer {@link #subscribe subscribed}
     */
    public synchronized void assign(Collection<MessageQueue> assigned) {
        ensureMode(Mode.ASSIGN);
        Set<MessageQueue> wanted = new HashSet<>(assigned);
        queues.values().removeIf(q -> {
            if (!wanted.contains(q.queue())) {
                q.drop();
                return true;
            }
            return false;
        });
        for (MessageQueue q : wanted) {
            subscriptions.computeIfAbsent(q.topic(), Subscription::all);
            if (!queues.containsKey(q)) {
                long start = rebalancer.startOffset(q);
                offsets.update(q, start, false);
                added(new ProcessQueue(q), start);
            }
        }
    }

    private void ensureMode(Mode wanted) {
        if (closed) {
            throw new FatalClientException("lite pull consumer of group " + config.group() + " is closed");
        }
        if (mode != Mode.NONE && mode != wanted) {
            throw new IllegalStateException("lite pull consumer of group " + config.group() + " is in " + mode
                    + " mode; subscribe and assign cannot be mixed");
        }
        mode = wanted;
    }

    private void added(ProcessQueue pq, long start) {
        PulledQueue q = new PulledQueue(pq, start);
        queues.put(pq.queue(), q);
        long generation = q.seek(start);
        later(q, generation, start, 0);
    }

    /** The queues this consumer reads now. */
    public Set<MessageQueue> assignment() {
        return queues.values().stream()
                .filter(q -> !q.isDropped())
                .map(PulledQueue::queue)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The readable queues of {@code topic} (for {@link #assign}). */
    public List<MessageQueue> fetchQueues(String topic) {
        return runtime.route(topic).subscribeQueues();
    }

    /**
     * The next pulled messages of one queue, waiting up to {@code timeout}; empty if none arrived. The
     * returned messages count as consumed (their offsets are committed by the next commit).
     */
    public List<MessageExt> poll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed) {
            long left = deadline - System.nanoTime();
            Batch b;
            try {
                b = left > 0 ? buffer.poll(left, TimeUnit.NANOSECONDS) : buffer.poll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
            if (b == null) {
                return List.of();
            }
            PulledQueue q = b.queue();
            if (q.isDropped() || q.generation() != b.generation()) {
                continue;
            }
            q.buffered().addAndGet(-b.messages().size());
            q.consumedUpTo(b.messages().get(b.messages().size() - 1).getQueueOffset() + 1);
            return b.messages();
        }
        return List.of();
    }

    /**
     * Moves {@code queue}'s position to {@code offset}: the next poll of this queue starts there, and it
     * becomes the queue's consumed offset.
     *
     * @throws FatalClientException if the queue is not assigned to this consumer
     * @throws IllegalArgumentException if the offset is outside the queue's stored range
     */
    public void seek(MessageQueue queue, long offset) {
        PulledQueue q = queues.get(queue);
        if (q == null || q.isDropped()) {
            throw new FatalClientException(
                    "seek: queue not assigned to this consumer", queue.topic(), queue, null, null, null);
        }
        long min = requests.minOffset(queue);
        long max = requests.maxOffset(queue);
        if (offset < min || offset > max) {
            throw new IllegalArgumentException(
                    "seek offset " + offset + " of " + queue + " is outside [" + min + ", " + max + "]");
        }
        long generation = q.seek(offset);
        later(q, generation, offset, 0);
    }

    public void seekToBeginning(MessageQueue queue) {
        seek(queue, requests.minOffset(queue));
    }

    public void seekToEnd(MessageQueue queue) {
        seek(queue, requests.maxOffset(queue));
    }

    /** The offset of the first message of {@code queue} stored at or after {@code epochMillis}. */
    public long offsetForTimestamp(MessageQueue queue, long epochMillis) {
        return requests.searchOffset(queue, epochMillis);
    }

    public void seekToTimestamp(MessageQueue queue, long epochMillis) {
        seek(queue, offsetForTimestamp(queue, epochMillis));
    }

    /** The offset the broker has for {@code queue} and this group, or -1. */
    public long committed(MessageQueue queue) {
        return offsets.readDurable(queue);
    }

    /** Commits the consumed offsets of every assigned queue to the brokers now. */
    public void commitSync() {
        Set<MessageQueue> live = new HashSet<>();
        for (PulledQueue q : queues.values()) {
            if (!q.isDropped()) {
                offsets.update(q.queue(), q.consumed(), false);
                live.add(q.queue());
            }
        }
        offsets.persist(live);
    }

    private void commitQuietly() {
        try {
            commitSync();
        } catch (RuntimeException e) {
            log.warn("group {}: auto commit failed: {}", config.group(), e.toString());
        }
    }

    private void rebalanceSoon() {
        try {
            control.execute(this::rebalanceQuietly);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void rebalanceQuietly() {
        if (closed) {
            return;
        }
        try {
            rebalancer.rebalance();
            queues.values().removeIf(PulledQueue::isDropped);
        } catch (RuntimeException e) {
            log.warn("group {}: rebalance failed: {}", config.group(), e.toString());
        }
    }

    // ---- pulling ----

    private void later(PulledQueue q, long generation, long offset, long delayMillis) {
        if (closed || q.isDropped() || q.generation() != generation) {
            return;
        }
        try {
            pulls.schedule(() -> pull(q, generation, offset), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void pull(PulledQueue q, long generation, long offset) {
        if (closed || q.isDropped() || q.generation() != generation) {
            return;
        }
        if (q.buffered().get() >= config.maxBufferedPerQueue()) {
            later(q, generation, offset, PAUSE_MILLIS);
            return;
        }
        Subscription sub = subscriptions.get(q.queue().topic());
        ConsumerRequests.Pull p = new ConsumerRequests.Pull(
                config.group(),
                q.queue(),
                offset,
                config.pullBatchSize(),
                0,
                sub,
                config.longPollHold(),
                config.pullTimeout(),
                true);
        requests.pull(p).whenComplete((r, e) -> {
            if (e != null) {
                log.warn("{}: lite pull at {} failed, retrying: {}", q.queue(), offset, e.getMessage());
                later(q, generation, offset, ERROR_DELAY_MILLIS);
            } else {
                onPulled(q, generation, sub, offset, r);
            }
        });
    }

    private void onPulled(PulledQueue q, long generation, Subscription sub, long offset, PullResult r) {
        if (closed || q.isDropped() || q.generation() != generation) {
            return;
        }
        if (r.status() == PullResult.Status.FOUND) {
            List<MessageExt> wanted = r.messages().stream().filter(sub::matches).toList();
            if (!wanted.isEmpty()) {
                q.buffered().addAndGet(wanted.size());
                buffer.add(new Batch(q, generation, wanted));
            }
        } else if (r.status() == PullResult.Status.OFFSET_ILLEGAL) {
            log.warn("{}: offset {} is illegal, moving to {}", q.queue(), offset, r.nextBeginOffset());
        }
        later(q, generation, r.nextBeginOffset(), 0);
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

    /** Commits (if auto commit is on), persists, unregisters and releases connections and threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (config.autoCommit()) {
            commitQuietly();
        }
        closed = true;
        control.shutdownNow();
        pulls.shutdownNow();
        try {
            control.awaitTermination(5, TimeUnit.SECONDS);
            pulls.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queues.values().forEach(PulledQueue::drop);
        if (mode == Mode.SUBSCRIBE) {
            try {
                runtime.unregister(membership);
            } catch (RuntimeException e) {
                log.warn("group {}: unregister failed: {}", config.group(), e.toString());
            }
        }
        runtime.close();
        log.info("lite pull consumer {} of group {} closed", runtime.clientId(), config.group());
    }
}
