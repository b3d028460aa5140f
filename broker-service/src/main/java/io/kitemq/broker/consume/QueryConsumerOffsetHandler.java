package io.kitemq.broker.consume;

import io.kitemq.broker.offset.ConsumerOffsetTable;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.QueryConsumerOffsetRequestHeader;
import io.kitemq.protocol.header.QueryConsumerOffsetResponseHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import io.kitemq.store.MessageStore;

/**
 * QUERY_CONSUMER_OFFSET (14): the offset a group committed for a queue. With none committed: 0 when
 * the queue still starts at 0 (a new group on a young queue reads it from the start, as RocketMQ 5.5.0
 * does) or when the client asks {@code setZeroIfNotFound}; otherwise — and always when the client sends
 * {@code setZeroIfNotFound=false} — QUERY_NOT_FOUND, and the client applies its consume-from-where. Thread-safe.
 */
public final class QueryConsumerOffsetHandler implements RequestHandler {

    private final ConsumerOffsetTable offsets;
    private final MessageStore store;

    public QueryConsumerOffsetHandler(ConsumerOffsetTable offsets, MessageStore store) {
        this.offsets = offsets;
        this.store = store;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        QueryConsumerOffsetRequestHeader h = QueryConsumerOffsetRequestHeader.decode(request.extFields());
        long offset = offsets.query(h.consumerGroup(), h.topic(), h.queueId());
        if (offset >= 0) {
            return RemotingCommand.success().header(new QueryConsumerOffsetResponseHeader(offset));
        }
        // an explicit setZeroIfNotFound=false asks for QUERY_NOT_FOUND, so the client applies its
        // consume-from-where even on a young queue (RocketMQ's ConsumerManageProcessor does the same)
        if (!Boolean.FALSE.equals(h.setZeroIfNotFound())
                && (store.minOffset(h.topic(), h.queueId()) <= 0 || Boolean.TRUE.equals(h.setZeroIfNotFound()))) {
            return RemotingCommand.success().header(new QueryConsumerOffsetResponseHeader(0));
        }
        return RemotingCommand.response(
                ResponseCode.QUERY_NOT_FOUND, "Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first");
    }
}
