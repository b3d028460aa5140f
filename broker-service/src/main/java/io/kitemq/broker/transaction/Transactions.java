package io.kitemq.broker.transaction;

import io.kitemq.broker.BrokerMetrics;
import io.kitemq.broker.client.ClientRegistry;
import io.kitemq.broker.config.JsonConfigFile;
import io.kitemq.broker.topic.SystemTopics;
import io.kitemq.broker.topic.TopicTable;
import io.kitemq.broker.transaction.TransactionState.Pending;
import io.kitemq.broker.transaction.TransactionState.Resolution;
import io.kitemq.protocol.body.TopicConfig;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.CheckTransactionStateRequestHeader;
import io.kitemq.protocol.header.EndTransactionRequestHeader;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.MessageSysFlag;
import io.kitemq.protocol.message.OffsetMsgId;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.store.AppendResult;
import io.kitemq.store.GetResult;
import io.kitemq.store.MessageFilter;
import io.kitemq.store.MessageStore;
import io.kitemq.store.dispatch.DispatchRequest;
import io.kitemq.store.dispatch.DispatchTarget;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactional messages on the broker: owns the undecided half messages ({@link TransactionState}),
 * ends transactions (END_TRANSACTION: a commit re-puts the half message into its real topic, then records
 * an op; a rollback records the op only), and checks undecided ones back with a live producer of their
 * group (CHECK_TRANSACTION_STATE, oneway, the half message as body) — first {@code transactionTimeout}
 * after they were stored (or their {@code CHECK_IMMUNITY_TIME_IN_SECONDS}), then every
 * {@code checkInterval}; after {@code maxChecks} unanswered checks a half is parked in
 * {@code TRANS_CHECK_MAX_TIME_TOPIC}.
 *
 * <p>Durable state is the store itself, as in RocketMQ: the half topic, and the op topic whose records
 * (tag {@code d}: resolved, {@code c}: one check sent; body: the half's queue offset) say what became of
 * each half. {@link #open} replays both from the last saved low watermark ({@code
 * config/transactionProgress.json}: below it, every half is resolved), so half messages still undecided
 * after a restart — clean or not — are found and checked again. A commit stores the message before its
 * op: a crash in between leaves the half undecided, and the check that follows may commit it a second
 * time (at least once, never lost).
 *
 * <p>Thread-safe. New half messages become known by dispatch ({@link DispatchTarget}); one scheduler
 * thread runs the checks. {@link #close} stops it.
 */
public final class Transactions implements DispatchTarget, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Transactions.class);
    private static final int SCAN_BATCH = 256;

    /** The file that keeps the replay start (low watermark) across restarts. */
    public static final String PROGRESS_FILE = "transactionProgress.json";

    /** What {@link #PROGRESS_FILE} holds: half-topic queue offsets below {@code halfOffset} are resolved. */
    public record Progress(long halfOffset) {}

    private final MessageStore store;
    private final TopicTable topics;
    private final ClientRegistry clients;
    private final BrokerMetrics metrics;
    private final InstantSource clock;
    private final TransactionConfig config;
    private final InetSocketAddress storeHost;
    private final JsonConfigFile<Progress> progressFile;
    private final Predicate<MessageExt> staging;
    private final TransactionState state = new TransactionState();
    private final ScheduledExecutorService checker;
    private long savedWatermark = -1;

    private Transactions(
            MessageStore store,
            TopicTable topics,
            ClientRegistry clients,
            BrokerMetrics metrics,
            InstantSource clock,
            TransactionConfig config,
            InetSocketAddress storeHost,
            Path configDir,
            Predicate<MessageExt> staging) {
        this.staging = Objects.requireNonNull(staging, "staging");
        this.store = Objects.requireNonNull(store, "store");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
        this.storeHost = Objects.requireNonNull(storeHost, "storeHost");
        this.progressFile = JsonConfigFile.of(configDir.resolve(PROGRESS_FILE), Progress.class);
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kitemq-broker-transaction-check");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Replays the half and op topics, listens for new half messages and starts checking.
     *
     * @param storeHost the broker's address, the store host of op and committed records
     * @param configDir where {@link #PROGRESS_FILE} lives
     * @param staging parks a committed message that is delayed or timed in its schedule topic (as a plain
     *     send would be); returns whether it did
     */
    public static Transactions open(
            MessageStore store,
            TopicTable topics,
            ClientRegistry clients,
            BrokerMetrics metrics,
            InstantSource clock,
            TransactionConfig config,
            InetSocketAddress storeHost,
            Path configDir,
            Predicate<MessageExt> staging) {
        Transactions t =
                new Transactions(store, topics, clients, metrics, clock, config, storeHost, configDir, staging);
        t.replay();
        store.addDispatchListener(t);
        long tick = Math.max(10, Math.min(1000, config.checkInterval().toMillis() / 2));
        t.checker.scheduleWithFixedDelay(t::checkDue, tick, tick, TimeUnit.MILLISECONDS);
        return t;
    }

    // ------------------------------------------------------------------------------------------ replay

    private void replay() {
        long start = progressFile.loadOrBackup().map(Progress::halfOffset).orElse(0L);
        Set<Long> resolved = new HashSet<>();
        Map<Long, Integer> checks = new HashMap<>();
        scan(SystemTopics.TRANS_OP_HALF_TOPIC, 0, true, op -> {
            long target = HalfMessage.opTarget(op);
            if (HalfMessage.OP_RESOLVED.equals(op.getTags())) {
                resolved.add(target);
            } else if (HalfMessage.OP_CHECKED.equals(op.getTags())) {
                checks.merge(target, 1, Integer::sum);
            }
        });
        state.seenUpTo(start);
        scan(SystemTopics.TRANS_HALF_TOPIC, start, false, half -> {
            if (!resolved.contains(half.getQueueOffset())) {
                state.added(pendingOf(half, checks.getOrDefault(half.getQueueOffset(), 0)));
            }
        });
        state.seenUpTo(store.maxOffset(SystemTopics.TRANS_HALF_TOPIC, 0));
        savedWatermark = start;
        log.info(
                "transactions: {} undecided half message(s) found from half offset {} ({} op records)",
                state.pendingCount(),
                start,
                resolved.size());
    }

    /** Reads queue 0 of {@code topic} from {@code from} to its end. */
    private void scan(String topic, long from, boolean readBody, Consumer<MessageExt> each) {
        long offset = Math.max(from, store.minOffset(topic, 0));
        long max = store.maxOffset(topic, 0);
        while (offset < max) {
            GetResult r = store.get(topic, 0, offset, SCAN_BATCH, Integer.MAX_VALUE, MessageFilter.ALL);
            for (ByteBuffer record : r.records()) {
                each.accept(StoredMessageCodec.decode(record, readBody, false));
            }
            if (r.nextBeginOffset() <= offset) {
                break;
            }
            offset = r.nextBeginOffset();
        }
    }

    private Pending pendingOf(MessageExt half, int checks) {
        long first = firstCheckAt(half.getStoreTimestamp(), half.getProperties());
        return new Pending(
                half.getQueueOffset(),
                half.getCommitLogOffset(),
                half.getProperty(PropertyKeys.PROPERTY_PRODUCER_GROUP),
                half.getStoreTimestamp(),
                checks,
                first);
    }

    /** {@code CHECK_IMMUNITY_TIME_IN_SECONDS} replaces the transaction timeout when it is a valid number. */
    private long firstCheckAt(long storeTimestamp, Map<String, String> properties) {
        long delay = config.transactionTimeout().toMillis();
        String immunity = properties.get(PropertyKeys.PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS);
        if (immunity != null) {
            try {
                long seconds = Long.parseLong(immunity.trim());
                if (seconds >= 0) {
                    delay = seconds * 1000;
                }
            } catch (NumberFormatException e) {
                // RocketMQ falls back to the transaction timeout too
            }
        }
        return storeTimestamp + delay;
    }

    @Override
    public void dispatch(DispatchRequest r) {
        if (r.queueId() == 0 && SystemTopics.TRANS_HALF_TOPIC.equals(r.topic())) {
            state.added(new Pending(
                    r.queueOffset(),
                    r.commitLogOffset(),
                    r.properties().get(PropertyKeys.PROPERTY_PRODUCER_GROUP),
                    r.storeTimestamp(),
                    0,
                    firstCheckAt(r.storeTimestamp(), r.properties())));
        }
    }

    // ------------------------------------------------------------------------------------------ end

    /**
     * Ends the transaction of a half message: commit or rollback. Completes with the response: SUCCESS, or
     * SYSTEM_ERROR naming what does not fit (no half message at that offset, another producer group, a
     * different half offset, already resolved), or null for an "unknown" answer (nothing to do).
     */
    public CompletableFuture<RemotingCommand> end(EndTransactionRequestHeader h) {
        int decision = h.commitOrRollback();
        if (decision == MessageSysFlag.TRANSACTION_NOT_TYPE) {
            return CompletableFuture.completedFuture(null);
        }
        MessageExt half;
        try {
            half = findHalf(h);
        } catch (IllegalStateException e) {
            return CompletableFuture.completedFuture(
                    RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.getMessage()));
        }
        Pending before = state.get(half.getQueueOffset());
        if (state.resolve(half.getQueueOffset()) == Resolution.ALREADY_RESOLVED) {
            return CompletableFuture.completedFuture(RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR,
                    "The transaction of half message " + h.msgId() + " (half offset " + half.getQueueOffset()
                            + ") was already committed, rolled back or given up"));
        }
        Pending undo = before != null ? before : pendingOf(half, 0);
        boolean commit = decision == MessageSysFlag.TRANSACTION_COMMIT_TYPE;
        CompletableFuture<AppendResult> stored =
                commit ? append(committed(half)) : CompletableFuture.completedFuture(null);
        return stored.thenCompose(r -> {
                    if (r != null && !r.isStored()) {
                        throw new IllegalStateException("the store refused the committed message: " + r.status());
                    }
                    return appendOp(HalfMessage.OP_RESOLVED, half.getQueueOffset());
                })
                .handle((ok, error) -> {
                    if (error != null) {
                        state.unresolve(undo);
                        log.warn(
                                "cannot end the transaction of {} (half offset {}): {}",
                                h.msgId(),
                                undo.halfOffset(),
                                error.toString());
                        return RemotingCommand.response(
                                ResponseCode.SYSTEM_ERROR, "cannot end the transaction: " + error.getMessage());
                    }
                    state.settled(undo.halfOffset());
                    metrics.transactionEnded(commit);
                    return RemotingCommand.success();
                });
    }

    /** The committed message, parked in its schedule topic first if it has a delay (RocketMQ 5 does too). */
    private MessageExt committed(MessageExt half) {
        MessageExt m = HalfMessage.committed(half);
        staging.test(m);
        return m;
    }

    /** The half message the header names, checked against it as RocketMQ does. */
    private MessageExt findHalf(EndTransactionRequestHeader h) {
        ByteBuffer record = h.commitLogOffset() < 0 ? null : store.readAt(h.commitLogOffset());
        if (record == null) {
            throw new IllegalStateException("Find prepared transaction message failed: no message at commit log offset "
                    + h.commitLogOffset() + " (msgId " + h.msgId() + ", producer group " + h.producerGroup() + ")");
        }
        MessageExt half = StoredMessageCodec.decode(record, true, false);
        if (!SystemTopics.TRANS_HALF_TOPIC.equals(half.getTopic())) {
            throw new IllegalStateException(
                    "Find prepared transaction message failed: the message at commit log offset " + h.commitLogOffset()
                            + " is not a half message (topic " + half.getTopic() + ")");
        }
        String group = half.getProperty(PropertyKeys.PROPERTY_PRODUCER_GROUP);
        if (!Objects.equals(group, h.producerGroup())) {
            throw new IllegalStateException("The producer group wrong: the half message at commit log offset "
                    + h.commitLogOffset() + " belongs to " + group + ", not " + h.producerGroup());
        }
        if (half.getQueueOffset() != h.tranStateTableOffset()) {
            throw new IllegalStateException(
                    "The transaction state table offset wrong: the half message at commit log offset "
                            + h.commitLogOffset() + " has half offset " + half.getQueueOffset() + ", not "
                            + h.tranStateTableOffset());
        }
        return half;
    }

    private CompletableFuture<AppendResult> append(MessageExt m) {
        try {
            return store.append(m);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<AppendResult> appendOp(String tag, long halfOffset) {
        return append(HalfMessage.op(tag, halfOffset, storeHost, clock.millis()))
                .thenApply(r -> {
                    if (!r.isStored()) {
                        throw new IllegalStateException("the store refused the op record: " + r.status());
                    }
                    return r;
                });
    }

    // ------------------------------------------------------------------------------------------ checks

    /** One round: checks (or parks) every half message that is due, then saves the low watermark. */
    void checkDue() {
        try {
            long now = clock.millis();
            for (Pending p : state.due(now)) {
                if (p.checks() >= config.maxChecks()) {
                    park(p);
                } else {
                    check(p, now);
                }
            }
            saveWatermark();
        } catch (RuntimeException e) {
            log.error("transaction check round failed", e);
        }
    }

    private void check(Pending p, long now) {
        int checks = state.checked(p.halfOffset(), now + config.checkInterval().toMillis());
        if (checks < 0) {
            return;
        }
        appendOp(HalfMessage.OP_CHECKED, p.halfOffset()).exceptionally(e -> {
            log.warn("cannot record a check of half offset {}: {}", p.halfOffset(), e.toString());
            return null;
        });
        metrics.transactionChecked();
        RemotingPeer producer = liveProducer(p.producerGroup());
        ByteBuffer record = store.readAt(p.commitLogOffset());
        if (producer == null || record == null) {
            log.debug(
                    "check {} of half offset {}: no live producer of group {}",
                    checks,
                    p.halfOffset(),
                    p.producerGroup());
            return;
        }
        MessageExt half = StoredMessageCodec.decode(record, true, false);
        MessageExt shown = HalfMessage.forCheck(half, checks);
        String uniq = half.getProperty(PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        CheckTransactionStateRequestHeader header = new CheckTransactionStateRequestHeader(
                shown.getTopic(),
                p.halfOffset(),
                p.commitLogOffset(),
                uniq,
                uniq,
                OffsetMsgId.encode(storeHost, p.commitLogOffset()));
        RemotingCommand request = RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE.code(), header)
                .body(StoredMessageCodec.toBytes(shown));
        producer.invokeOneway(request).whenComplete((ok, e) -> {
            if (e != null) {
                log.debug(
                        "check of half offset {} not sent to {}: {}",
                        p.halfOffset(),
                        producer.remoteAddress(),
                        e.toString());
            }
        });
    }

    private RemotingPeer liveProducer(String group) {
        if (group == null) {
            return null;
        }
        for (RemotingPeer peer : clients.producerPeers(group)) {
            if (peer.isActive()) {
                return peer;
            }
        }
        return null;
    }

    /** Gives up on a half message: a copy goes to {@code TRANS_CHECK_MAX_TIME_TOPIC}, then the op. */
    private void park(Pending p) {
        ByteBuffer record = store.readAt(p.commitLogOffset());
        if (state.resolve(p.halfOffset()) != Resolution.RESOLVED) {
            return;
        }
        if (record == null) {
            log.warn("half offset {} is gone from the CommitLog (retention): dropped", p.halfOffset());
            appendOp(HalfMessage.OP_RESOLVED, p.halfOffset()).whenComplete((ok, e) -> state.settled(p.halfOffset()));
            return;
        }
        topics.createIfAbsent(new TopicConfig(
                HalfMessage.CHECK_MAX_TIME_TOPIC, 1, 1, TopicConfig.PERM_READ | TopicConfig.PERM_WRITE));
        MessageExt half = StoredMessageCodec.decode(record, true, false);
        append(HalfMessage.parked(half))
                .thenCompose(r -> appendOp(HalfMessage.OP_RESOLVED, p.halfOffset()))
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        state.unresolve(p);
                        log.warn("cannot park half offset {}: {}", p.halfOffset(), e.toString());
                    } else {
                        state.settled(p.halfOffset());
                        metrics.transactionParked();
                        log.info(
                                "half message {} of group {} unresolved after {} checks: parked in {}",
                                half.getProperty(PropertyKeys.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX),
                                p.producerGroup(),
                                p.checks(),
                                HalfMessage.CHECK_MAX_TIME_TOPIC);
                    }
                });
    }

    private void saveWatermark() {
        long w = state.lowWatermark();
        if (w != savedWatermark) {
            progressFile.save(new Progress(w));
            savedWatermark = w;
        }
    }

    /** Half messages not yet committed, rolled back or parked. */
    public int pendingCount() {
        return state.pendingCount();
    }

    @Override
    public void close() {
        checker.shutdownNow();
        try {
            checker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
