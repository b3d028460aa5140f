package io.kitemq.broker.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.broker.client.FakePeer;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.LockBatchResponseBody;
import io.kitemq.protocol.body.QueueRef;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.message.MessageQueue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** LOCK_BATCH_MQ / UNLOCK_BATCH_MQ with bodies as RocketMQ's Java client writes them. */
class LockHandlersTest {

    final QueueLocks locks = new QueueLocks(() -> Instant.ofEpochMilli(1_000));
    final FakePeer peer = new FakePeer("10.0.0.1:50000");

    static RemotingCommand request(RequestCode code, String clientId, int... queueIds) {
        StringBuilder mqs = new StringBuilder();
        for (int q : queueIds) {
            mqs.append(mqs.isEmpty() ? "" : ",")
                    .append("{\"brokerName\":\"broker-a\",\"queueId\":")
                    .append(q)
                    .append(",\"topic\":\"T\"}");
        }
        String json = "{\"clientId\":\"" + clientId + "\",\"consumerGroup\":\"G\",\"mqSet\":[" + mqs
                + "],\"onlyThisBroker\":false}";
        return RemotingCommand.request(code.code()).body(json.getBytes(StandardCharsets.UTF_8));
    }

    static Set<QueueRef> lockedIn(RemotingCommand response) {
        return BodyCodec.decode(response.body(), LockBatchResponseBody.class).lockOKMQSet();
    }

    @Test
    void lockAnswersWithTheQueuesNowOwned() {
        LockBatchHandler handler = new LockBatchHandler(locks);
        RemotingCommand first = handler.handle(peer, request(RequestCode.LOCK_BATCH_MQ, "A", 0, 1));
        assertThat(first.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(lockedIn(first)).containsExactly(new QueueRef("T", "broker-a", 0), new QueueRef("T", "broker-a", 1));
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).startsWith("{\"lockOKMQSet\":[{\"brokerName\"");

        RemotingCommand second = handler.handle(peer, request(RequestCode.LOCK_BATCH_MQ, "B", 1, 2));
        assertThat(lockedIn(second)).containsExactly(new QueueRef("T", "broker-a", 2));
    }

    @Test
    void unlockReleasesTheCallersQueues() {
        new LockBatchHandler(locks).handle(peer, request(RequestCode.LOCK_BATCH_MQ, "A", 0, 1));
        RemotingCommand response =
                new UnlockBatchHandler(locks).handle(peer, request(RequestCode.UNLOCK_BATCH_MQ, "A", 0));
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(response.hasBody()).isFalse();
        assertThat(locks.owner("G", new MessageQueue("T", "broker-a", 0))).isNull();
        assertThat(locks.owner("G", new MessageQueue("T", "broker-a", 1))).isEqualTo("A");
    }

    @Test
    void brokenOrIncompleteBodiesAreSystemErrors() {
        RemotingCommand garbled = RemotingCommand.request(RequestCode.LOCK_BATCH_MQ.code())
                .body("not json".getBytes(StandardCharsets.UTF_8));
        RemotingCommand bad = new LockBatchHandler(locks).handle(peer, garbled);
        assertThat(bad.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(bad.remark()).startsWith("cannot read the lock batch body");

        RemotingCommand anonymous = RemotingCommand.request(RequestCode.UNLOCK_BATCH_MQ.code())
                .body("{\"consumerGroup\":\"G\",\"mqSet\":[]}".getBytes(StandardCharsets.UTF_8));
        RemotingCommand incomplete = new UnlockBatchHandler(locks).handle(peer, anonymous);
        assertThat(incomplete.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(incomplete.remark()).contains("clientId");
    }

    @Test
    void queuesWithoutTopicOrBrokerAreLeftOut() {
        String json = "{\"clientId\":\"A\",\"consumerGroup\":\"G\",\"mqSet\":[{\"queueId\":3,\"topic\":\"T\"}]}";
        RemotingCommand response = new LockBatchHandler(locks)
                .handle(peer, RemotingCommand.request(41).body(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(lockedIn(response)).isEmpty();
    }
}
