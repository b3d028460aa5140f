package io.kitemq.nameserver.handler;

import io.kitemq.nameserver.RouteTable;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.WipeWritePermOfBrokerRequestHeader;
import io.kitemq.protocol.header.WipeWritePermOfBrokerResponseHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;

/**
 * WIPE_WRITE_PERM_OF_BROKER (205): producers stop writing to a broker group (before maintenance);
 * answers how many topics changed. Thread-safe.
 */
public final class WipeWritePermHandler implements RequestHandler {

    private final RouteTable routes;

    public WipeWritePermHandler(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        String broker =
                WipeWritePermOfBrokerRequestHeader.decode(request.extFields()).brokerName();
        return RemotingCommand.success().header(new WipeWritePermOfBrokerResponseHeader(routes.wipeWritePerm(broker)));
    }
}
