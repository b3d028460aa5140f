package io.kitemq.broker.filter;

import io.kitemq.protocol.ProtocolException;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.CheckClientRequestBody;
import io.kitemq.protocol.body.SubscriptionData;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.RemotingPeer;
import io.kitemq.remoting.RequestHandler;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CHECK_CLIENT_CONFIG (46): the official client asks, before a consumer with a SQL92 subscription starts,
 * whether the broker accepts the expression. TAG subscriptions are always accepted; a SQL92 expression
 * that does not compile is answered with SUBSCRIPTION_PARSE_FAILED and the compiler's message (the client
 * then fails to start with it), as RocketMQ 5 does; any other expression type with SYSTEM_ERROR.
 *
 * <p>Thread-safe.
 */
public final class CheckClientConfigHandler implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(CheckClientConfigHandler.class);

    private final SqlFilters filters;

    public CheckClientConfigHandler(SqlFilters filters) {
        this.filters = Objects.requireNonNull(filters, "filters");
    }

    @Override
    public RemotingCommand handle(RemotingPeer peer, RemotingCommand request) {
        CheckClientRequestBody body;
        try {
            body = request.body() == null ? null : BodyCodec.decode(request.body(), CheckClientRequestBody.class);
        } catch (ProtocolException e) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "cannot read the body: " + e.getMessage());
        }
        if (body == null || body.subscriptionData() == null) {
            return RemotingCommand.success();
        }
        SubscriptionData sub = body.subscriptionData();
        if (SubscriptionData.EXPRESSION_TAG.equalsIgnoreCase(sub.expressionType())) {
            return RemotingCommand.success();
        }
        if (!SqlFilters.isSql(sub.expressionType())) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR,
                    "The broker does not support consumer to filter message by " + sub.expressionType());
        }
        try {
            filters.compile(sub.subString());
        } catch (SqlSyntaxException e) {
            log.warn(
                    "client {} of group {} at {} subscribes to {} with a bad SQL92 expression: {}",
                    body.clientId(),
                    body.group(),
                    peer.remoteAddress(),
                    sub.topic(),
                    e.getMessage());
            return RemotingCommand.response(ResponseCode.SUBSCRIPTION_PARSE_FAILED, e.getMessage());
        }
        return RemotingCommand.success();
    }
}
