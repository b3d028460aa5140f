package io.kitemq.broker.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.kitemq.broker.EmbeddedCluster;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.PullMessageRequestHeader;
import io.kitemq.protocol.header.PullMessageResponseHeader;
import io.kitemq.protocol.message.StoredMessageCodec;
import io.kitemq.remoting.ClientConfig;
import io.kitemq.remoting.RemotingClient;
import io.kitemq.store.FlushMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker-side tag filtering, seen on the wire: the official client re-checks tags itself, so a broker
 * that ignored the expression would go unnoticed through it. Messages are sent by the official 5.5.0
 * producer to one queue (tags A, B, C in turn); our {@link RemotingClient} then pulls that queue with a
 * subscription expression in the request (sysFlag 0x4) and decodes exactly what the broker sent.
 */
class BrokerTagFilterIT {

    private static final int SUBSCRIPTION_FLAG = 0x4;
    private static final String TOPIC = "BrokerTagFilter";
    private static final int PER_TAG = 20;

    @TempDir
    static Path dir;

    static EmbeddedCluster cluster;
    static OfficialClients clients;
    static RemotingClient raw;

    @BeforeAll
    static void start() throws Exception {
        cluster = new EmbeddedCluster(dir, FlushMode.ASYNC);
        clients = new OfficialClients(cluster);
        raw = new RemotingClient(ClientConfig.defaults("interop-raw-pull"));
        Topics.create(cluster, TOPIC, 4);
        DefaultMQProducer producer = clients.producer("p-broker-filter");
        MessageQueue queue = new MessageQueue(TOPIC, cluster.broker.config().brokerName(), 0);
        String[] tags = {"TagA", "TagB", "TagC"};
        for (int i = 0; i < 3 * PER_TAG; i++) {
            String tag = tags[i % 3];
            Message m = new Message(TOPIC, tag, (tag + "-" + i).getBytes(StandardCharsets.UTF_8));
            assertThat(producer.send(m, queue).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
    }

    @AfterAll
    static void stop() {
        raw.shutdown();
        clients.close();
        cluster.close();
    }

    @Test
    void orExpressionSendsOnlyTheTwoTags() {
        List<io.kitemq.protocol.message.MessageExt> got = pullAll("TagA || TagB");
        assertThat(got)
                .extracting(io.kitemq.protocol.message.Message::getTags)
                .containsOnly("TagA", "TagB")
                .hasSize(2 * PER_TAG);
        assertThat(got)
                .extracting(io.kitemq.protocol.message.MessageExt::getQueueOffset)
                .allSatisfy(offset -> assertThat(offset % 3).isNotEqualTo(2L))
                .isSorted()
                .doesNotHaveDuplicates();
    }

    @Test
    void singleTagSendsOnlyThatTag() {
        List<io.kitemq.protocol.message.MessageExt> got = pullAll("TagC");
        assertThat(got)
                .extracting(io.kitemq.protocol.message.Message::getTags)
                .containsOnly("TagC")
                .hasSize(PER_TAG);
        assertThat(got)
                .extracting(m -> new String(m.getBody(), StandardCharsets.UTF_8))
                .allMatch(b -> b.startsWith("TagC-"));
    }

    @Test
    void starSendsEverythingInOrder() {
        List<io.kitemq.protocol.message.MessageExt> got = pullAll("*");
        assertThat(got)
                .extracting(io.kitemq.protocol.message.MessageExt::getQueueOffset)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 3 * PER_TAG)
                        .boxed()
                        .toList());
    }

    @Test
    void unknownTagSendsNothing() {
        assertThat(pullAll("TagZ")).isEmpty();
    }

    /** Pulls queue 0 from offset 0 to its end with {@code expression}, 8 messages at a time, without suspending. */
    private static List<io.kitemq.protocol.message.MessageExt> pullAll(String expression) {
        List<io.kitemq.protocol.message.MessageExt> out = new ArrayList<>();
        long offset = 0;
        for (int round = 0; round < 100; round++) {
            PullMessageRequestHeader h = new PullMessageRequestHeader(
                    "raw-filter",
                    TOPIC,
                    null,
                    0,
                    offset,
                    8,
                    SUBSCRIPTION_FLAG,
                    0,
                    0,
                    expression,
                    0,
                    "TAG",
                    null,
                    null,
                    null,
                    null);
            RemotingCommand r = raw.invokeSync(
                    cluster.broker.address(),
                    RemotingCommand.request(RequestCode.PULL_MESSAGE.code(), h),
                    Duration.ofSeconds(5));
            if (r.code() == ResponseCode.PULL_NOT_FOUND.code()) {
                return out;
            }
            if (r.code() == ResponseCode.SUCCESS.code()) {
                out.addAll(StoredMessageCodec.decodeAll(ByteBuffer.wrap(r.body())));
            } else if (r.code() != ResponseCode.PULL_RETRY_IMMEDIATELY.code()) {
                fail(
                        "pull of %s at offset %d with '%s' answered %d %s",
                        TOPIC, offset, expression, r.code(), r.remark());
            }
            long next = PullMessageResponseHeader.decode(r.extFields()).nextBeginOffset();
            assertThat(next).as("next offset after %d", offset).isGreaterThan(offset);
            offset = next;
        }
        return fail("pull of %s with '%s' did not reach the end of the queue", TOPIC, expression);
    }
}
