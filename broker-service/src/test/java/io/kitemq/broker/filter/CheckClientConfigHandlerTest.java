package io.kitemq.broker.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.broker.client.FakePeer;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.CheckClientRequestBody;
import io.kitemq.protocol.body.ConsumeFromWhere;
import io.kitemq.protocol.body.ConsumeType;
import io.kitemq.protocol.body.ConsumerData;
import io.kitemq.protocol.body.MessageModel;
import io.kitemq.protocol.body.SubscriptionData;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckClientConfigHandlerTest {

    final SqlFilters filters = new SqlFilters();
    final CheckClientConfigHandler handler = new CheckClientConfigHandler(filters);
    final FakePeer peer = new FakePeer("127.0.0.1:40000");

    static SubscriptionData sub(String expression, String type) {
        return new SubscriptionData("T", expression, Set.of(), Set.of(), 1, type, false);
    }

    RemotingCommand check(SubscriptionData sub) {
        return handler.handle(
                peer,
                RemotingCommand.request(RequestCode.CHECK_CLIENT_CONFIG.code())
                        .body(BodyCodec.encode(new CheckClientRequestBody("c@1", "G", sub, null))));
    }

    @Test
    void acceptsTagsAndValidSqlAndRefusesBadSqlWithTheReason() {
        assertThat(check(sub("TagA || TagB", "TAG")).code()).isZero();
        assertThat(check(sub("a BETWEEN 1 AND 3", "SQL92")).code()).isZero();
        RemotingCommand bad = check(sub("a BETWEEN 3 AND 1", "SQL92"));
        assertThat(bad.code()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED.code());
        assertThat(bad.remark()).contains("lower bound is above the upper one");
        RemotingCommand other = check(sub("x", "CLASS"));
        assertThat(other.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(other.remark()).contains("does not support").contains("CLASS");
    }

    @Test
    void heartbeatSubscriptionsAreCompiledAndBadOnesCounted() {
        ConsumerData consumer = new ConsumerData(
                "G",
                ConsumeType.CONSUME_PASSIVELY,
                MessageModel.CLUSTERING,
                ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
                Set.of(sub("a = 1", "SQL92"), sub("a = ", "SQL92"), sub("*", "TAG")),
                false);
        assertThat(filters.admit(consumer)).isEqualTo(1);
        assertThat(filters.cachedCount()).isEqualTo(1);
        assertThat(filters.admit(consumer)).as("still bad, warned once").isEqualTo(1);
    }
}
