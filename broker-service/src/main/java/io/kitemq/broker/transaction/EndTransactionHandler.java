package io.kitemq.broker.transaction;

import io.kitemq.protocol.ProtocolException;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.EndTransactionRequestHeader;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * END_TRANSACTION (37): a producer commits or rolls back a half message, after its local transaction or
 * answering a check (see {@link Transactions#end}). The official client sends it oneway, so the answer is
 * for other callers; refusals are logged at WARN with the producer's address, since the producer never
 * sees them.
 *
 * <p>Thread-safe.
 */
public final class EndTransactionHandler implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(EndTransactionHandler.class);

    private final Transactions transactions;

    public EndTransactionHandler(Transactions transactions) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        EndTransactionRequestHeader h;
        try {
            h = EndTransactionRequestHeader.decode(request.extFields());
        } catch (ProtocolException e) {
            log.warn("unreadable END_TRANSACTION from {}: {}", peer.remoteAddress(), e.getMessage());
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.getMessage());
        }
        transactions.end(h).whenComplete((response, error) -> {
            RemotingCommand answer = error != null
                    ? RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "end transaction failed: " + error)
                    : response;
            if (answer == null) {
                return; // "unknown": nothing to do, and RocketMQ does not answer either
            }
            if (answer.code() != ResponseCode.SUCCESS.code()) {
                log.warn(
                        "END_TRANSACTION from {} (group {}, msgId {}, from check {}) refused: {}",
                        peer.remoteAddress(),
                        h.producerGroup(),
                        h.msgId(),
                        h.fromTransactionCheck(),
                        answer.remark());
            }
            peer.respond(request, answer);
        });
        return null;
    }
}
