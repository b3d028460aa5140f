package io.kitemq.broker.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.broker.EmbeddedCluster;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.CommandCodec;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.PullMessageRequestHeader;
import io.kitemq.protocol.header.PullMessageResponseHeader;
import io.kitemq.protocol.header.SendMessageRequestHeader;
import io.kitemq.protocol.header.SendMessageRequestHeaderV2;
import io.kitemq.remoting.ClientConfig;
import io.kitemq.remoting.RemotingClient;
import io.kitemq.store.FlushMode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input over real sockets never stops the broker serving others: while an official 5.5.0 producer
 * sends and a push consumer consumes without pause, broken frames (garbage, truncated, oversized, a
 * malformed JSON header) close only their own connection, and well-framed bad requests (unknown code,
 * sends with missing fields, an invalid topic, an oversized or corrupt body, pulls of unknown topics,
 * illegal queues and offsets, an unreadable heartbeat) each get a clear error response on a connection
 * that stays usable. After every step the good clients must have made progress; at the end every
 * message acknowledged to the producer has been consumed.
 */
class BrokerBadInputIT {

    static final String TOPIC = "BadInputGood";
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    EmbeddedCluster cluster;
    OfficialClients clients;
    RemotingClient remoting;
    String broker;

    final Set<String> acked = ConcurrentHashMap.newKeySet();
    final Set<String> consumed = ConcurrentHashMap.newKeySet();
    final List<String> failures = new CopyOnWriteArrayList<>();
    volatile boolean stop;
    Thread sender;

    @BeforeEach
    void start() throws Exception {
        cluster = new EmbeddedCluster(dir, FlushMode.ASYNC);
        clients = new OfficialClients(cluster);
        remoting = new RemotingClient(ClientConfig.defaults("bad-input-test"));
        broker = cluster.broker.address();
        Topics.create(cluster, TOPIC, 4);
        DefaultMQPushConsumer consumer =
                clients.pushConsumer("bad-input-consumer", TOPIC, "*", MessageModel.CLUSTERING);
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                consumed.add(new String(m.getBody(), StandardCharsets.UTF_8));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        DefaultMQProducer producer = clients.producer("bad-input-producer");
        sender = new Thread(() -> sendUntilStopped(producer), "bad-input-good-sender");
        sender.start();
    }

    /** The well-behaved producer: one message after another, paced, recording every acknowledgement. */
    void sendUntilStopped(DefaultMQProducer producer) {
        for (int i = 0; !stop; i++) {
            String body = "good-" + i;
            try {
                SendResult r = producer.send(new Message(TOPIC, body.getBytes(StandardCharsets.UTF_8)));
                if (r.getSendStatus() == SendStatus.SEND_OK) {
                    acked.add(body);
                } else {
                    failures.add(body + ": " + r.getSendStatus());
                }
            } catch (Exception e) {
                failures.add(body + ": " + e);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @AfterEach
    void stop() throws Exception {
        stop = true;
        if (sender != null) {
            sender.join(TimeUnit.SECONDS.toMillis(30));
        }
        if (remoting != null) {
            remoting.close();
        }
        if (clients != null) {
            clients.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The good producer and consumer both moved on since the last step. */
    void goodClientsKeepGoing() {
        int sent = acked.size();
        int received = consumed.size();
        await().atMost(Duration.ofSeconds(20)).until(() -> acked.size() >= sent + 5 && consumed.size() >= received + 5);
        assertThat(failures).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ raw frames

    /** Writes {@code bytes} on a new connection and expects the broker to close it without an answer. */
    void closesTheConnection(byte[] bytes, boolean halfClose) throws IOException {
        try (Socket s = new Socket("127.0.0.1", cluster.broker.port())) {
            s.setSoTimeout((int) TIMEOUT.toMillis());
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            if (halfClose) {
                s.shutdownOutput();
            }
            assertThat(readUntilClosed(s.getInputStream()))
                    .as("bytes answered before closing")
                    .isZero();
        }
    }

    /** Bytes read until end of stream (a reset counts as the end). */
    static int readUntilClosed(InputStream in) throws IOException {
        int n = 0;
        try {
            while (in.read() >= 0) {
                n++;
            }
        } catch (SocketException reset) {
            // the broker closed with unread input left: a reset is a close
        }
        return n;
    }

    static byte[] frame(RemotingCommand cmd) {
        ByteBuffer b = CommandCodec.encode(cmd);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void badInputNeverStopsTheBrokerServingOthers() throws Exception {
        goodClientsKeepGoing();

        byte[] garbage = new byte[512];
        new Random(42).nextBytes(garbage);
        garbage[0] = 0x7F; // a length far beyond the frame limit
        closesTheConnection(garbage, false);
        byte[] smallGarbage = new byte[64];
        new Random(7).nextBytes(smallGarbage);
        ByteBuffer.wrap(smallGarbage).putInt(60).putInt(0x00FFFFF0); // a JSON header longer than the frame
        closesTheConnection(smallGarbage, false);
        closesTheConnection("GET / HTTP/1.1\r\nHost: broker\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false);
        goodClientsKeepGoing();

        byte[] whole = frame(RemotingCommand.request(RequestCode.GET_MAX_OFFSET.code())
                .extField("topic", TOPIC)
                .extField("queueId", "0"));
        closesTheConnection(Arrays.copyOf(whole, whole.length / 2), true);
        goodClientsKeepGoing();

        ByteBuffer oversized =
                ByteBuffer.allocate(8).putInt(16 * 1024 * 1024 + 1).putInt(16);
        closesTheConnection(oversized.array(), false);
        goodClientsKeepGoing();

        byte[] json = "{\"code\": 105, \"opaque\": ".getBytes(StandardCharsets.UTF_8);
        ByteBuffer malformed = ByteBuffer.allocate(8 + json.length)
                .putInt(4 + json.length)
                .putInt(json.length)
                .put(json);
        closesTheConnection(malformed.array(), false);
        goodClientsKeepGoing();

        wellFramedBadRequestsGetClearAnswers();

        stop = true;
        sender.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(failures).isEmpty();
        assertThat(acked).hasSizeGreaterThan(30);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(consumed).containsAll(acked));
    }

    void wellFramedBadRequestsGetClearAnswers() throws Exception {
        answers(RemotingCommand.request(9999), ResponseCode.REQUEST_CODE_NOT_SUPPORTED, "9999");

        answers(send(Map.of("a", "p", "c", "TBW102")).body(bytes(1)), ResponseCode.SYSTEM_ERROR, "'b'");
        answers(send(header("bad topic!", false)).body(bytes(1)), ResponseCode.INVALID_PARAMETER, "illegal character");
        int max = cluster.broker.store().config().maxMessageBytes();
        answers(send(header(TOPIC, false)).body(bytes(max + 1)), ResponseCode.MESSAGE_ILLEGAL, "exceed");
        RemotingCommand corruptBatch = RemotingCommand.request(
                        RequestCode.SEND_BATCH_MESSAGE.code(), SendMessageRequestHeaderV2.of(header(TOPIC, true)))
                .body(bytes(100));
        answers(corruptBatch, ResponseCode.MESSAGE_ILLEGAL, "corrupt batch entry");
        goodClientsKeepGoing();

        answers(pull("NoSuchTopic", 0, 0), ResponseCode.TOPIC_NOT_EXIST, "NoSuchTopic");
        answers(pull(TOPIC, 99, 0), ResponseCode.SYSTEM_ERROR, "queueId[99]");
        RemotingCommand negative = remoting.invokeSync(broker, pull(TOPIC, 0, -5), TIMEOUT);
        assertThat(negative.code())
                .as("pull from offset -5: %s", negative.remark())
                .isEqualTo(ResponseCode.PULL_OFFSET_MOVED.code());
        assertThat(PullMessageResponseHeader.decode(negative.extFields()).nextBeginOffset())
                .as("where to continue")
                .isZero();
        answers(
                RemotingCommand.request(RequestCode.HEART_BEAT.code())
                        .body("{not json".getBytes(StandardCharsets.UTF_8)),
                ResponseCode.SYSTEM_ERROR,
                "heartbeat");
        goodClientsKeepGoing();

        RemotingCommand good =
                remoting.invokeSync(broker, send(header(TOPIC, false)).body(bytes(10)), TIMEOUT);
        assertThat(good.code()).as("a good send on the same connection").isEqualTo(ResponseCode.SUCCESS.code());
        assertThat(remoting.openConnections())
                .as("no error closed our connection")
                .isEqualTo(1);
    }

    void answers(RemotingCommand request, ResponseCode code, String remarkPart) throws Exception {
        RemotingCommand response = remoting.invokeSync(broker, request, TIMEOUT);
        assertThat(response.code())
                .as("code %d: %s", request.code(), response.remark())
                .isEqualTo(code.code());
        assertThat(response.remark()).contains(remarkPart);
    }

    static SendMessageRequestHeader header(String topic, boolean batch) {
        return new SendMessageRequestHeader(
                "bad-input-raw",
                topic,
                "TBW102",
                4,
                0,
                0,
                System.currentTimeMillis(),
                0,
                null,
                0,
                false,
                batch ? Boolean.TRUE : null,
                null,
                null);
    }

    static RemotingCommand send(SendMessageRequestHeader header) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2.code(), SendMessageRequestHeaderV2.of(header));
    }

    static RemotingCommand send(Map<String, String> extFields) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2.code()).extFields(new HashMap<>(extFields));
    }

    static RemotingCommand pull(String topic, int queueId, long offset) {
        return RemotingCommand.request(
                RequestCode.PULL_MESSAGE.code(),
                new PullMessageRequestHeader(
                        "bad-input-puller",
                        topic,
                        null,
                        queueId,
                        offset,
                        32,
                        0x4,
                        0,
                        0,
                        "*",
                        0,
                        "TAG",
                        null,
                        null,
                        null,
                        null));
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }
}
