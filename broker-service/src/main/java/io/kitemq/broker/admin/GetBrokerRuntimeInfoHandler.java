package io.kitemq.broker.admin;

import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.KVTable;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.Objects;

/**
 * GET_BROKER_RUNTIME_INFO (28, {@code mqadmin brokerStatus}, {@code clusterList}): the broker's
 * {@link BrokerRuntimeInfo} as a {@link KVTable} body. Thread-safe.
 */
public final class GetBrokerRuntimeInfoHandler implements RequestHandler {

    private final BrokerRuntimeInfo info;

    public GetBrokerRuntimeInfoHandler(BrokerRuntimeInfo info) {
        this.info = Objects.requireNonNull(info, "info");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        return RemotingCommand.success().body(BodyCodec.encode(new KVTable(info.snapshot())));
    }
}
