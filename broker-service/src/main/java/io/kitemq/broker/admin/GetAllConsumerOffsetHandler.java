package io.kitemq.broker.admin;

import io.kitemq.broker.offset.ConsumerOffsetTable;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.ConsumerOffsetSerializeWrapper;
import io.kitemq.protocol.body.DataVersion;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.Objects;

/**
 * GET_ALL_CONSUMER_OFFSET (43, slaves and export tools): every committed offset of the broker as a
 * {@link ConsumerOffsetSerializeWrapper} body keyed by {@code topic@group}. The offset table keeps no
 * version, so the body's is {@link DataVersion#ZERO}. Thread-safe.
 */
public final class GetAllConsumerOffsetHandler implements RequestHandler {

    private final ConsumerOffsetTable offsets;

    public GetAllConsumerOffsetHandler(ConsumerOffsetTable offsets) {
        this.offsets = Objects.requireNonNull(offsets, "offsets");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        ConsumerOffsetSerializeWrapper body =
                new ConsumerOffsetSerializeWrapper(offsets.offsetTable(), DataVersion.ZERO);
        return RemotingCommand.success().body(BodyCodec.encode(body));
    }
}
