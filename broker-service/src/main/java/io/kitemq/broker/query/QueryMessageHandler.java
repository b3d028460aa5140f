package io.kitemq.broker.query;

import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.QueryMessageRequestHeader;
import io.kitemq.protocol.header.QueryMessageResponseHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import io.kitemq.store.MessageStore;
import io.kitemq.store.QueryResult;
import java.nio.ByteBuffer;

/**
 * QUERY_MESSAGE (12): messages of a topic by business key (KEYS) or client message id (UNIQ_KEY) in a
 * time range, newest first, as stored records; QUERY_NOT_FOUND when none. Thread-safe.
 */
public final class QueryMessageHandler implements RequestHandler {

    /** RocketMQ's defaultQueryMaxNum: the most a query returns, whatever it asks. */
    private static final int MAX_NUM = 32;

    private final MessageStore store;

    public QueryMessageHandler(MessageStore store) {
        this.store = store;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        QueryMessageRequestHeader h = QueryMessageRequestHeader.decode(request.extFields());
        boolean unique =
                Boolean.TRUE.equals(h.uniqueKeyQuery()) || "true".equals(request.extField("_UNIQUE_KEY_QUERY"));
        int max = unique ? 1 : Math.max(1, Math.min(h.maxNum(), MAX_NUM));
        QueryResult r = store.query(h.topic(), h.key(), max, h.beginTimestamp(), h.endTimestamp());
        RemotingCommand response = r.records().isEmpty()
                ? RemotingCommand.response(
                        ResponseCode.QUERY_NOT_FOUND, "can not find message, maybe time range not correct")
                : RemotingCommand.success().bodyBuffers(r.records().toArray(new ByteBuffer[0]));
        return response.header(
                new QueryMessageResponseHeader(r.indexLastUpdateTimestamp(), r.indexLastUpdatePhyOffset()));
    }
}
