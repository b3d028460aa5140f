package io.kitemq.client.admin;

import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.BoundaryType;
import io.kitemq.protocol.header.GetMaxOffsetRequestHeader;
import io.kitemq.protocol.header.GetMaxOffsetResponseHeader;
import io.kitemq.protocol.header.GetMinOffsetRequestHeader;
import io.kitemq.protocol.header.GetMinOffsetResponseHeader;
import io.kitemq.protocol.header.QueryConsumerOffsetRequestHeader;
import io.kitemq.protocol.header.QueryConsumerOffsetResponseHeader;
import io.kitemq.protocol.header.SearchOffsetRequestHeader;
import io.kitemq.protocol.header.SearchOffsetResponseHeader;
import io.kitemq.protocol.header.UpdateConsumerOffsetRequestHeader;
import java.util.OptionalLong;

/**
 * Per-queue offset requests to one broker: min, max, by store time, and a group's committed offset
 * (read and write). Stateless apart from the {@link AdminRpc}; thread-safe.
 */
final class QueueOffsets {

    private final AdminRpc rpc;

    QueueOffsets(AdminRpc rpc) {
        this.rpc = rpc;
    }

    long min(String broker, String topic, int queueId) {
        RemotingCommand r = rpc.broker(
                broker,
                RemotingCommand.request(
                        RequestCode.GET_MIN_OFFSET.code(), new GetMinOffsetRequestHeader(topic, queueId, null)),
                "min offset of " + topic + ":" + queueId);
        return GetMinOffsetResponseHeader.decode(r.extFields()).offset();
    }

    long max(String broker, String topic, int queueId) {
        RemotingCommand r = rpc.broker(
                broker,
                RemotingCommand.request(
                        RequestCode.GET_MAX_OFFSET.code(), new GetMaxOffsetRequestHeader(topic, queueId, true, null)),
                "max offset of " + topic + ":" + queueId);
        return GetMaxOffsetResponseHeader.decode(r.extFields()).offset();
    }

    /** The first offset whose message was stored at or after {@code timestampMs}. */
    long searchByTime(String broker, String topic, int queueId, long timestampMs) {
        RemotingCommand r = rpc.broker(
                broker,
                RemotingCommand.request(
                        RequestCode.SEARCH_OFFSET_BY_TIMESTAMP.code(),
                        new SearchOffsetRequestHeader(topic, null, queueId, timestampMs, BoundaryType.LOWER, null)),
                "offset by time of " + topic + ":" + queueId);
        return SearchOffsetResponseHeader.decode(r.extFields()).offset();
    }

    /** The group's committed offset, or empty when it has none (QUERY_NOT_FOUND). */
    OptionalLong committed(String broker, String group, String topic, int queueId) {
        RemotingCommand response = rpc.raw(
                broker,
                RemotingCommand.request(
                        RequestCode.QUERY_CONSUMER_OFFSET.code(),
                        new QueryConsumerOffsetRequestHeader(group, topic, queueId, false, null)),
                "offset of group " + group + " on " + topic + ":" + queueId);
        if (response.code() == ResponseCode.QUERY_NOT_FOUND.code()) {
            return OptionalLong.empty();
        }
        if (response.code() != ResponseCode.SUCCESS.code()) {
            throw AdminRpc.failure(
                    response, "offset of group " + group + " on " + topic + ":" + queueId, "broker " + broker);
        }
        return OptionalLong.of(
                QueryConsumerOffsetResponseHeader.decode(response.extFields()).offset());
    }

    void commit(String broker, String group, String topic, int queueId, long offset) {
        rpc.broker(
                broker,
                RemotingCommand.request(
                        RequestCode.UPDATE_CONSUMER_OFFSET.code(),
                        new UpdateConsumerOffsetRequestHeader(group, topic, queueId, offset, null)),
                "commit of group " + group + " offset on " + topic + ":" + queueId);
    }
}
