package io.kitemq.test.producer;

import io.kitemq.client.core.ClientRuntime;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.CreateTopicRequestHeader;
import io.kitemq.protocol.header.PullMessageRequestHeader;
import io.kitemq.protocol.header.PullMessageResponseHeader;
import io.kitemq.protocol.message.MessageExt;
import io.kitemq.protocol.message.StoredMessageCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-side access to a broker over the wire (works for KiteMQ and for the official broker): create a
 * topic, read every stored message of a queue with plain PULL_MESSAGE requests (no consumer logic).
 */
final class BrokerQueues {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int SUBSCRIPTION_FLAG = 0x4;

    private BrokerQueues() {}

    static void createTopic(ClientRuntime rt, String brokerAddress, String topic, int queues) {
        CreateTopicRequestHeader header =
                new CreateTopicRequestHeader(topic, "TBW102", queues, queues, 6, "SINGLE_TAG", 0, false, null, false);
        RemotingCommand response = rt.invoke(
                brokerAddress, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC.code(), header), TIMEOUT);
        ClientRuntime.check(response, "create topic", topic, null, brokerAddress);
    }

    /** Every message stored in queue {@code queueId} of {@code topic}, in queue order, bodies decompressed. */
    static List<MessageExt> read(ClientRuntime rt, String brokerAddress, String topic, int queueId) {
        List<MessageExt> all = new ArrayList<>();
        long offset = 0;
        while (true) {
            PullMessageRequestHeader header = new PullMessageRequestHeader(
                    "kitemq-test-reader",
                    topic,
                    null,
                    queueId,
                    offset,
                    32,
                    SUBSCRIPTION_FLAG,
                    0,
                    0,
                    "*",
                    0,
                    "TAG",
                    null,
                    null,
                    null,
                    null);
            RemotingCommand response =
                    rt.invoke(brokerAddress, RemotingCommand.request(RequestCode.PULL_MESSAGE.code(), header), TIMEOUT);
            if (response.code() != ResponseCode.SUCCESS.code()) {
                return all;
            }
            PullMessageResponseHeader h = PullMessageResponseHeader.decode(response.extFields());
            List<MessageExt> batch = StoredMessageCodec.decodeAll(ByteBuffer.wrap(response.body()));
            all.addAll(batch);
            if (batch.isEmpty() || h.nextBeginOffset() <= offset) {
                return all;
            }
            offset = h.nextBeginOffset();
        }
    }

    /** Every message of all {@code queues} queues of {@code topic} on one broker. */
    static List<MessageExt> readAll(ClientRuntime rt, String brokerAddress, String topic, int queues) {
        List<MessageExt> all = new ArrayList<>();
        for (int q = 0; q < queues; q++) {
            all.addAll(read(rt, brokerAddress, topic, q));
        }
        return all;
    }
}
