package io.kitemq.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kitemq.client.FatalClientException;
import io.kitemq.client.KiteMqClientException;
import io.kitemq.client.RetriableClientException;
import io.kitemq.client.core.ClientOptions;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.BrokerData;
import io.kitemq.protocol.body.QueueData;
import io.kitemq.protocol.body.TopicRouteData;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.SendMessageRequestHeaderV2;
import io.kitemq.protocol.header.SendMessageResponseHeader;
import io.kitemq.protocol.message.Message;
import io.kitemq.protocol.message.OffsetMsgId;
import io.kitemq.remoting.RemotingServer;
import io.kitemq.remoting.ServerConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The producer against a fake NameServer and two fake brokers whose answers each test scripts: how response
 * codes map to statuses, which failures are retried on the other broker, and how many attempts are made.
 */
class ProducerFakeBrokerIT {

    /** A fake broker answering SEND_MESSAGE_V2 with a scripted code (SUCCESS, or an error, or no answer at all). */
    static final class FakeBroker implements AutoCloseable {
        final String name;
        final RemotingServer server;
        final AtomicInteger code = new AtomicInteger(0);
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger offsets = new AtomicInteger();
        volatile boolean silent;

        FakeBroker(String name) {
            this.name = name;
            server = new RemotingServer(ServerConfig.defaults("fake-" + name, 0).withBindAddress("127.0.0.1"));
            server.registerHandler(RequestCode.SEND_MESSAGE_V2.code(), (peer, request) -> {
                requests.incrementAndGet();
                if (silent) {
                    return null;
                }
                int c = code.get();
                SendMessageRequestHeaderV2 h = SendMessageRequestHeaderV2.decode(request.extFields());
                RemotingCommand response = RemotingCommand.response(c, c == 0 ? null : "scripted " + c);
                if (c == 0 || SendStatus.ofCode(c) != null) {
                    long offset = offsets.getAndIncrement();
                    String offsetMsgId = OffsetMsgId.encode(new InetSocketAddress("127.0.0.1", server.port()), offset);
                    new SendMessageResponseHeader(offsetMsgId, h.queueId(), offset, null, null, null, null, null)
                            .encodeTo(response.extFields());
                }
                return response;
            });
            server.start();
        }

        String address() {
            return "127.0.0.1:" + server.port();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    FakeBroker a;
    FakeBroker b;
    RemotingServer nameServer;
    Producer producer;
    final List<String> routeLookups = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        a = new FakeBroker("a");
        b = new FakeBroker("b");
        nameServer = new RemotingServer(ServerConfig.defaults("fake-ns", 0).withBindAddress("127.0.0.1"));
        nameServer.registerHandler(RequestCode.GET_ROUTEINFO_BY_TOPIC.code(), (peer, request) -> {
            routeLookups.add(request.extField("topic"));
            TopicRouteData route = new TopicRouteData(
                    List.of(new QueueData("a", 2, 2, 6, 0), new QueueData("b", 2, 2, 6, 0)),
                    List.of(
                            new BrokerData("c", "a", Map.of(0L, a.address())),
                            new BrokerData("c", "b", Map.of(0L, b.address()))));
            return RemotingCommand.success().body(BodyCodec.encode(route));
        });
        nameServer.start();
        producer = Producer.start(
                ClientOptions.of("127.0.0.1:" + nameServer.port()),
                ProducerOptions.of("PG").withFaultTolerance(FaultTolerance.disabled()));
    }

    @AfterEach
    void stop() {
        producer.close();
        nameServer.close();
        a.close();
        b.close();
    }

    private static Message message() {
        return new Message("T", new byte[] {1, 2, 3});
    }

    @Test
    void aBusyBrokerIsRetriedOnTheOtherOne() {
        a.code.set(ResponseCode.SYSTEM_BUSY.code());
        List<SendResult> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(producer.send(message()));
        }
        assertThat(results).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(SendStatus.SEND_OK);
            assertThat(r.queue().brokerName()).isEqualTo("b");
        });
        assertThat(b.requests).hasValue(10);
        assertThat(a.requests.get())
                .as("round-robin sent some first attempts to a")
                .isBetween(1, 10);
    }

    @Test
    void asyncSendsAreRetriedToo() {
        a.code.set(ResponseCode.SYSTEM_BUSY.code());
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(producer.sendAsync(message()));
        }
        assertThat(futures)
                .allSatisfy(f -> assertThat(f.join().queue().brokerName()).isEqualTo("b"));
        assertThat(b.requests).hasValue(10);
    }

    @Test
    void aRefusalIsNotRetried() {
        a.code.set(ResponseCode.MESSAGE_ILLEGAL.code());
        b.code.set(ResponseCode.MESSAGE_ILLEGAL.code());
        assertThatThrownBy(() -> producer.send(message()))
                .isInstanceOf(FatalClientException.class)
                .hasMessageContaining("MESSAGE_ILLEGAL(13)")
                .hasMessageContaining("scripted 13")
                .hasMessageContaining("queue=T@")
                .satisfies(e ->
                        assertThat(((KiteMqClientException) e).responseCode()).isEqualTo(13));
        assertThat(a.requests.get() + b.requests.get()).isEqualTo(1);
    }

    @Test
    void weakerDurabilityIsAStatusNotAnError() {
        a.code.set(ResponseCode.FLUSH_DISK_TIMEOUT.code());
        b.code.set(ResponseCode.FLUSH_DISK_TIMEOUT.code());
        assertThat(producer.send(message()).status()).isEqualTo(SendStatus.FLUSH_DISK_TIMEOUT);
        a.code.set(ResponseCode.SLAVE_NOT_AVAILABLE.code());
        b.code.set(ResponseCode.SLAVE_NOT_AVAILABLE.code());
        assertThat(producer.send(message()).status()).isEqualTo(SendStatus.SLAVE_NOT_AVAILABLE);
        assertThat(a.requests.get() + b.requests.get()).isEqualTo(2);
    }

    @Test
    void retriesStopAfterTheConfiguredCountAlternatingBrokers() {
        a.code.set(ResponseCode.SYSTEM_BUSY.code());
        b.code.set(ResponseCode.SYSTEM_BUSY.code());
        assertThatThrownBy(() -> producer.send(message()))
                .isInstanceOf(RetriableClientException.class)
                .hasMessageContaining("after 3 attempt(s)")
                .hasMessageContaining("SYSTEM_BUSY(2)");
        assertThat(a.requests.get() + b.requests.get()).isEqualTo(3);
        assertThat(Math.abs(a.requests.get() - b.requests.get())).isEqualTo(1);

        assertThatThrownBy(() -> producer.sendAsync(message()).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(RetriableClientException.class);
        assertThat(a.requests.get() + b.requests.get()).isEqualTo(6);
    }

    @Test
    void aSilentBrokerTimesOutWithinTheCallTimeout() {
        a.silent = true;
        b.silent = true;
        assertThatThrownBy(() -> producer.send(message(), Duration.ofMillis(300)))
                .isInstanceOf(RetriableClientException.class);
    }

    @Test
    void orderedSendsAreNotRetriedElsewhere() {
        a.code.set(ResponseCode.SYSTEM_BUSY.code());
        b.code.set(ResponseCode.SYSTEM_BUSY.code());
        assertThatThrownBy(() -> producer.sendOrdered(message(), "key")).isInstanceOf(RetriableClientException.class);
        assertThat(a.requests.get() + b.requests.get()).isEqualTo(1);
    }
}
