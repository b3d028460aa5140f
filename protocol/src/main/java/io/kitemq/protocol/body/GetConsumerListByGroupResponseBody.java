package io.kitemq.protocol.body;

import java.util.List;

/**
 * The answer to GET_CONSUMER_LIST_BY_GROUP: the ids of the group's live clients.
 *
 * <p>Immutable and thread-safe.
 */
public record GetConsumerListByGroupResponseBody(List<String> consumerIdList) {

    public GetConsumerListByGroupResponseBody {
        consumerIdList = BodyCollections.list(consumerIdList);
    }
}
