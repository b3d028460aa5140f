package io.kitemq.broker.lock;

import io.kitemq.protocol.ProtocolException;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.LockBatchRequestBody;
import io.kitemq.protocol.body.LockBatchResponseBody;
import io.kitemq.protocol.body.QueueRef;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.message.MessageQueue;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LOCK_BATCH_MQ (41): an orderly consumer asks to own queues of its group on this broker; the answer's
 * {@code lockOKMQSet} lists those it now owns. Only this broker's locks are taken, whatever
 * {@code onlyThisBroker} says (RocketMQ forwards to the broker group's replicas only in strict lock
 * mode). Queues without a topic or broker name cannot be locked and are left out of the answer. An
 * unreadable body, or one without consumer group or client id, is answered with SYSTEM_ERROR.
 *
 * <p>Thread-safe.
 */
public final class LockBatchHandler implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(LockBatchHandler.class);

    private final QueueLocks locks;

    public LockBatchHandler(QueueLocks locks) {
        this.locks = Objects.requireNonNull(locks, "locks");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        LockBatchRequestBody body;
        try {
            body = BodyCodec.decode(request.body(), LockBatchRequestBody.class);
        } catch (ProtocolException e) {
            log.warn("unreadable lock batch request from {}: {}", peer.remoteAddress(), e.getMessage());
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR, "cannot read the lock batch body: " + e.getMessage());
        }
        if (body.consumerGroup() == null || body.clientId() == null) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR, "the lock batch body needs both consumerGroup and clientId");
        }
        Set<MessageQueue> locked = locks.tryLockBatch(body.consumerGroup(), toQueues(body.mqSet()), body.clientId());
        return RemotingCommand.success().body(BodyCodec.encode(new LockBatchResponseBody(toRefs(locked))));
    }

    /** The queues a body names, leaving out those without a topic or broker name. */
    static Set<MessageQueue> toQueues(Set<QueueRef> refs) {
        Set<MessageQueue> queues = new LinkedHashSet<>();
        for (QueueRef r : refs) {
            if (r.topic() != null && r.brokerName() != null) {
                queues.add(new MessageQueue(r.topic(), r.brokerName(), r.queueId()));
            }
        }
        return queues;
    }

    static Set<QueueRef> toRefs(Set<MessageQueue> queues) {
        Set<QueueRef> refs = new LinkedHashSet<>();
        for (MessageQueue mq : queues) {
            refs.add(new QueueRef(mq.topic(), mq.brokerName(), mq.queueId()));
        }
        return refs;
    }
}
