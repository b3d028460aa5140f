package io.kitemq.broker.lock;

import io.kitemq.protocol.ProtocolException;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.UnlockBatchRequestBody;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UNLOCK_BATCH_MQ (42; often sent one-way): a consumer gives up queues of its group after a rebalance or
 * on shutdown. Only the requesting client's own locks are released. Answers SUCCESS with no body, as
 * RocketMQ does; an unreadable body, or one without consumer group or client id, gets SYSTEM_ERROR.
 *
 * <p>Thread-safe.
 */
public final class UnlockBatchHandler implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(UnlockBatchHandler.class);

    private final QueueLocks locks;

    public UnlockBatchHandler(QueueLocks locks) {
        this.locks = Objects.requireNonNull(locks, "locks");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        UnlockBatchRequestBody body;
        try {
            body = BodyCodec.decode(request.body(), UnlockBatchRequestBody.class);
        } catch (ProtocolException e) {
            log.warn("unreadable unlock batch request from {}: {}", peer.remoteAddress(), e.getMessage());
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR, "cannot read the unlock batch body: " + e.getMessage());
        }
        if (body.consumerGroup() == null || body.clientId() == null) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR, "the unlock batch body needs both consumerGroup and clientId");
        }
        locks.unlockBatch(body.consumerGroup(), LockBatchHandler.toQueues(body.mqSet()), body.clientId());
        return RemotingCommand.success();
    }
}
