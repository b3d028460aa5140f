package io.kitemq.broker.admin;

import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.DataVersion;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * GET_ALL_DELAY_OFFSET (45, slaves and export tools): how far the delay service has re-put each delay
 * level's queue, in the JSON shape of RocketMQ's {@code DelayOffsetSerializeWrapper}
 * ({@code {"offsetTable":{1:12,2:0},"dataVersion":{...}}}, keyed by delay level). The offsets come from
 * the supplier the broker wires to its delay service ({@link #NONE} until there is one). Thread-safe if
 * the supplier is.
 */
public final class GetAllDelayOffsetHandler implements RequestHandler {

    /** No delay service: an empty table. */
    public static final Supplier<Map<Integer, Long>> NONE = Map::of;

    /** The body's JSON shape. */
    record DelayOffsets(Map<Integer, Long> offsetTable, DataVersion dataVersion) {}

    private final Supplier<Map<Integer, Long>> delayOffsets;

    public GetAllDelayOffsetHandler(Supplier<Map<Integer, Long>> delayOffsets) {
        this.delayOffsets = Objects.requireNonNull(delayOffsets, "delayOffsets");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        DelayOffsets body = new DelayOffsets(new TreeMap<>(delayOffsets.get()), DataVersion.ZERO);
        return RemotingCommand.success().body(BodyCodec.encode(body));
    }
}
