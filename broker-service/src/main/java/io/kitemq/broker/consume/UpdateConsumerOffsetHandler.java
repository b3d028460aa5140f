package io.kitemq.broker.consume;

import io.kitemq.broker.offset.ConsumerOffsetTable;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.UpdateConsumerOffsetRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;

/** UPDATE_CONSUMER_OFFSET (15, often oneway): a group commits its position in a queue. Thread-safe. */
public final class UpdateConsumerOffsetHandler implements RequestHandler {

    private final ConsumerOffsetTable offsets;

    public UpdateConsumerOffsetHandler(ConsumerOffsetTable offsets) {
        this.offsets = offsets;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        UpdateConsumerOffsetRequestHeader h = UpdateConsumerOffsetRequestHeader.decode(request.extFields());
        offsets.commit(h.consumerGroup(), h.topic(), h.queueId(), h.commitOffset());
        return RemotingCommand.success();
    }
}
