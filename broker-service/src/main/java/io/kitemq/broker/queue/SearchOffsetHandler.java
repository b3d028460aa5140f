package io.kitemq.broker.queue;

import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.BoundaryType;
import io.kitemq.protocol.header.SearchOffsetRequestHeader;
import io.kitemq.protocol.header.SearchOffsetResponseHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import io.kitemq.store.MessageStore;

/**
 * SEARCH_OFFSET_BY_TIMESTAMP (29): the queue offset of the first (LOWER, default) or last (UPPER)
 * message stored at a time, for seeking and consume-from-timestamp. Thread-safe.
 */
public final class SearchOffsetHandler implements RequestHandler {

    private final MessageStore store;

    public SearchOffsetHandler(MessageStore store) {
        this.store = store;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        SearchOffsetRequestHeader h = SearchOffsetRequestHeader.decode(request.extFields());
        boolean upper = h.boundaryTypeOrLower() == BoundaryType.UPPER;
        long offset = store.offsetForTimestamp(h.topic(), h.queueId(), h.timestamp(), upper);
        return RemotingCommand.success().header(new SearchOffsetResponseHeader(offset));
    }
}
