package io.kitemq.client.producer;

import io.kitemq.client.FatalClientException;
import io.kitemq.client.core.ClientOptions;
import io.kitemq.client.core.ClientRuntime;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.CheckTransactionStateRequestHeader;
import io.kitemq.protocol.header.EndTransactionRequestHeader;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.OffsetMsgId;
import io.kitemq.protocol.message.PropertyKeys;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.remoting.RemotingPeer;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends transactional messages (PROTOCOL.md §10.4): the half message (property TRAN_MSG=true, PGROUP =
 * the group) is stored invisibly, the {@link TransactionListener} runs the local transaction, and the
 * outcome goes to the broker in a oneway END_TRANSACTION — commit, rollback, or unknown, in which case the
 * broker later sends CHECK_TRANSACTION_STATE to a producer of the group, answered here by {@link
 * TransactionListener#checkLocalTransaction} on the check executor.
 *
 * <p>Owns a {@link Producer} (for the half messages, and for ordinary sends through {@link #producer()})
 * and the check executor; {@link #close()} releases both. Thread-safe.
 */
public final class TransactionalProducer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransactionalProducer.class);

    private final Producer producer;
    private final TransactionListener listener;
    private final ExecutorService checkExecutor;

    private TransactionalProducer(Producer producer, TransactionListener listener, int checkThreads) {
        this.producer = producer;
        this.listener = listener;
        String group = producer.options().group();
        AtomicInteger n = new AtomicInteger();
        this.checkExecutor = new ThreadPoolExecutor(
                checkThreads, checkThreads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(2_000), r -> {
                    Thread t = new Thread(r, "producer-" + group + "-check-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        producer.runtime()
                .registerHandler(
                        RequestCode.CHECK_TRANSACTION_STATE,
                        (peer, request) -> {
                            onCheck(peer, request);
                            return null;
                        },
                        null);
    }

    /** Starts a transactional producer with one check thread (as RocketMQ's default). */
    public static TransactionalProducer start(
            ClientOptions client, ProducerOptions options, TransactionListener listener) {
        return start(client, options, listener, 1, null);
    }

    /**
     * @param checkThreads threads answering the broker's check-backs
     * @param meters circuit-breaker metrics of the underlying producer ({@code null}: none)
     */
    public static TransactionalProducer start(
            ClientOptions client,
            ProducerOptions options,
            TransactionListener listener,
            int checkThreads,
            MeterRegistry meters) {
        Objects.requireNonNull(listener, "listener");
        if (checkThreads < 1) {
            throw new IllegalArgumentException("checkThreads must be >= 1: " + checkThreads);
        }
        Producer producer = Producer.start(client, options, meters);
        try {
            return new TransactionalProducer(producer, listener, checkThreads);
        } catch (RuntimeException e) {
            producer.close();
            throw e;
        }
    }

    /** The underlying producer, for ordinary sends. */
    public Producer producer() {
        return producer;
    }

    /**
     * Sends {@code message} as a half message, runs the local transaction and reports its outcome to the
     * broker. A delay level on the message is dropped (as RocketMQ). If the half message was stored without
     * full durability (status other than SEND_OK) the transaction is not run and the message is rolled back.
     *
     * @throws io.kitemq.client.KiteMqClientException when the half message could not be sent
     */
    public TransactionSendResult sendInTransaction(Message message, Object arg) {
        if (message == null) {
            throw new FatalClientException("the message is null");
        }
        message.clearProperty(PropertyKeys.PROPERTY_DELAY_TIME_LEVEL);
        message.putProperty(PropertyKeys.PROPERTY_TRANSACTION_PREPARED, "true");
        message.putProperty(
                PropertyKeys.PROPERTY_PRODUCER_GROUP, producer.options().group());
        SendResult sent = producer.send(message);
        LocalTransactionState state;
        Throwable localFailure = null;
        if (sent.status() == SendStatus.SEND_OK) {
            if (sent.transactionId() != null) {
                message.putProperty(PropertyKeys.PROPERTY_TRANSACTION_ID, sent.transactionId());
            }
            message.setTransactionId(sent.msgId());
            try {
                state = listener.executeLocalTransaction(message, arg);
                state = state == null ? LocalTransactionState.UNKNOW : state;
            } catch (RuntimeException | Error e) {
                log.warn(
                        "local transaction of message {} failed; the broker will check back: {}",
                        sent.msgId(),
                        e.toString());
                localFailure = e;
                state = LocalTransactionState.UNKNOW;
            }
        } else {
            state = LocalTransactionState.ROLLBACK_MESSAGE;
        }
        endTransaction(sent, message.getTopic(), state, localFailure);
        return new TransactionSendResult(sent, state);
    }

    private void endTransaction(SendResult sent, String topic, LocalTransactionState state, Throwable localFailure) {
        ClientRuntime runtime = producer.runtime();
        String broker = sent.queue().brokerName();
        String address = runtime.masterAddress(broker);
        long commitLogOffset =
                OffsetMsgId.decode(sent.offsetMsgId().split(",")[0]).commitLogOffset();
        EndTransactionRequestHeader header = new EndTransactionRequestHeader(
                topic,
                producer.options().group(),
                sent.queueOffset(),
                commitLogOffset,
                state.commitOrRollback(),
                false,
                sent.msgId(),
                sent.transactionId());
        RemotingCommand request = RemotingCommand.request(RequestCode.END_TRANSACTION.code(), header);
        if (localFailure != null) {
            request.remark("executeLocalTransactionBranch exception: " + localFailure);
        }
        if (address == null) {
            log.warn("cannot end transaction of {} ({}): no master address for broker {}", sent.msgId(), state, broker);
            return;
        }
        sendOneway(address, request, sent.msgId(), state);
    }

    private void onCheck(RemotingPeer peer, RemotingCommand request) {
        CheckTransactionStateRequestHeader header = CheckTransactionStateRequestHeader.decode(request.extFields());
        MessageExt message = StoredMessageCodec.decode(ByteBuffer.wrap(request.body()), true, true);
        String group = message.getProperty(PropertyKeys.PROPERTY_PRODUCER_GROUP);
        if (group != null && !group.equals(producer.options().group())) {
            log.warn(
                    "broker {} asked group {} about a message of group {}; ignored",
                    peer.remoteAddress(),
                    producer.options().group(),
                    group);
            return;
        }
        String transactionId = header.transactionId() != null
                ? header.transactionId()
                : message.getProperty(PropertyKeys.PROPERTY_TRANSACTION_ID);
        message.setTransactionId(transactionId);
        try {
            checkExecutor.execute(() -> check(peer.remoteAddress(), header, message));
        } catch (RejectedExecutionException e) {
            log.warn("transaction check of {} dropped: the check executor is full or closed", message.getUniqKey());
        }
    }

    private void check(String brokerAddress, CheckTransactionStateRequestHeader header, MessageExt message) {
        LocalTransactionState state;
        Throwable failure = null;
        try {
            state = listener.checkLocalTransaction(message);
            state = state == null ? LocalTransactionState.UNKNOW : state;
        } catch (RuntimeException | Error e) {
            log.warn("transaction check of {} failed: {}", message.getUniqKey(), e.toString());
            state = LocalTransactionState.UNKNOW;
            failure = e;
        }
        String msgId = message.getUniqKey() != null ? message.getUniqKey() : message.getMsgId();
        EndTransactionRequestHeader end = new EndTransactionRequestHeader(
                message.getTopic(),
                producer.options().group(),
                header.tranStateTableOffset(),
                header.commitLogOffset(),
                state.commitOrRollback(),
                true,
                msgId,
                header.transactionId());
        RemotingCommand request = RemotingCommand.request(RequestCode.END_TRANSACTION.code(), end);
        if (failure != null) {
            request.remark("checkLocalTransactionState exception: " + failure);
        }
        sendOneway(brokerAddress, request, msgId, state);
    }

    private void sendOneway(String address, RemotingCommand request, String msgId, LocalTransactionState state) {
        try {
            producer.runtime()
                    .invokeOneway(address, request)
                    .get(producer.options().sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn(
                    "END_TRANSACTION {} of {} to broker {} failed; the broker will check back: {}",
                    state,
                    msgId,
                    address,
                    e.toString());
        }
    }

    /** Stops answering check-backs, then closes the producer. Idempotent. */
    @Override
    public void close() {
        checkExecutor.shutdown();
        try {
            if (!checkExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
                checkExecutor.shutdownNow();
            }
        } catch (InterruptedException e) {
            checkExecutor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
