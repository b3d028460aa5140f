package io.kitemq.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.command.SerializeType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Request/response over real loopback sockets: both header forms, dispatch outcomes, callbacks. */
class RemotingIT {

    static final int ECHO = 1000;
    static final int FAIL = 1001;
    static final int LATER = 1002;
    static final int ONEWAY = 1003;
    static final int ZERO_COPY = 1004;
    static final int PING_CLIENT = 1005;

    RemotingServer server;
    RemotingClient client;
    String address;
    final AtomicReference<RemotingCommand> lastOneway = new AtomicReference<>();
    final ExecutorService later = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start() {
        server = new RemotingServer(ServerConfig.defaults("test-server", 0).withBindAddress("127.0.0.1"));
        server.registerHandler(
                ECHO,
                (peer, req) -> RemotingCommand.success()
                        .extField("echo", req.extField("value"))
                        .body(req.body()));
        server.registerHandler(FAIL, (peer, req) -> {
            throw new IllegalStateException("boom for " + req.extField("value"));
        });
        server.registerHandler(LATER, (peer, req) -> {
            later.execute(() -> peer.respond(req, RemotingCommand.success().remark("later")));
            return null;
        });
        server.registerHandler(ONEWAY, (peer, req) -> {
            lastOneway.set(req);
            return RemotingCommand.success();
        });
        server.registerHandler(
                ZERO_COPY,
                (peer, req) -> RemotingCommand.success()
                        .bodyBuffers(
                                ByteBuffer.wrap("abc".getBytes()),
                                ByteBuffer.allocateDirect(3)
                                        .put("def".getBytes())
                                        .flip()));
        server.registerHandler(PING_CLIENT, (peer, req) -> {
            RemotingCommand back = peer.invoke(RemotingCommand.request(2000).extField("q", "hi"), Duration.ofSeconds(5))
                    .get();
            return RemotingCommand.success().remark(back.remark());
        });
        server.start();
        address = "127.0.0.1:" + server.port();
        client = new RemotingClient(ClientConfig.defaults("test-client"));
    }

    @AfterEach
    void stop() {
        client.shutdown();
        server.shutdown();
        later.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void echoesHeadersAndBodyInBothSerializations(SerializeType type) {
        RemotingClient c =
                new RemotingClient(ClientConfig.defaults("typed-client").withSerializeType(type));
        try {
            byte[] body = "hello \u00e9\u4e16".getBytes(StandardCharsets.UTF_8);
            RemotingCommand resp = c.invokeSync(
                    address,
                    RemotingCommand.request(ECHO).extField("value", "v\"1\\\n").body(body),
                    Duration.ofSeconds(5));
            assertThat(resp.code()).isZero();
            assertThat(resp.isResponse()).isTrue();
            assertThat(resp.serializeType()).isEqualTo(type);
            assertThat(resp.extField("echo")).isEqualTo("v\"1\\\n");
            assertThat(resp.body()).isEqualTo(body);
        } finally {
            c.shutdown();
        }
    }

    @Test
    void unknownCodeIsNotSupported() {
        RemotingCommand resp = client.invokeSync(address, RemotingCommand.request(4242), Duration.ofSeconds(5));
        assertThat(resp.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED.code());
        assertThat(resp.remark()).contains("4242");
    }

    @Test
    void handlerExceptionBecomesSystemErrorWithRemark() {
        RemotingCommand resp =
                client.invokeSync(address, RemotingCommand.request(FAIL).extField("value", "x"), Duration.ofSeconds(5));
        assertThat(resp.code()).isEqualTo(ResponseCode.SYSTEM_ERROR.code());
        assertThat(resp.remark()).contains("IllegalStateException").contains("boom for x");
        // the connection survives
        assertThat(client.invokeSync(address, RemotingCommand.request(ECHO), Duration.ofSeconds(5))
                        .code())
                .isZero();
    }

    @Test
    void deferredResponseThroughPeer() {
        RemotingCommand resp = client.invokeSync(address, RemotingCommand.request(LATER), Duration.ofSeconds(5));
        assertThat(resp.remark()).isEqualTo("later");
    }

    @Test
    void onewayIsDeliveredWithoutResponse() {
        client.invokeOneway(address, RemotingCommand.request(ONEWAY).extField("k", "v"))
                .join();
        await().atMost(Duration.ofSeconds(5)).until(() -> lastOneway.get() != null);
        assertThat(lastOneway.get().isOneway()).isTrue();
        assertThat(lastOneway.get().extField("k")).isEqualTo("v");
    }

    @Test
    void bufferBodiesAreSentInOrder() {
        RemotingCommand resp = client.invokeSync(address, RemotingCommand.request(ZERO_COPY), Duration.ofSeconds(5));
        assertThat(new String(resp.body(), StandardCharsets.US_ASCII)).isEqualTo("abcdef");
    }

    @Test
    void serverCanInvokeTheClient() {
        client.registerHandler(
                2000, (peer, req) -> RemotingCommand.success().remark("client says " + req.extField("q")));
        RemotingCommand resp = client.invokeSync(address, RemotingCommand.request(PING_CLIENT), Duration.ofSeconds(5));
        assertThat(resp.remark()).isEqualTo("client says hi");
    }

    @Test
    void manyConcurrentAsyncRequestsAreCorrelated() {
        List<CompletableFuture<RemotingCommand>> futures = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            futures.add(client.invokeAsync(
                    address, RemotingCommand.request(ECHO).extField("value", "n" + i), Duration.ofSeconds(10)));
        }
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).join().extField("echo")).isEqualTo("n" + i);
        }
    }

    @Test
    void busyExecutorAnswersSystemBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService one = new java.util.concurrent.ThreadPoolExecutor(
                1, 1, 0, TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>());
        try {
            server.registerHandler(
                    3000,
                    (peer, req) -> {
                        release.await(10, TimeUnit.SECONDS);
                        return RemotingCommand.success();
                    },
                    one);
            CompletableFuture<RemotingCommand> first =
                    client.invokeAsync(address, RemotingCommand.request(3000), Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> ((java.util.concurrent.ThreadPoolExecutor) one).getActiveCount() == 1);
            RemotingCommand second = client.invokeSync(address, RemotingCommand.request(3000), Duration.ofSeconds(5));
            assertThat(second.code()).isEqualTo(ResponseCode.SYSTEM_BUSY.code());
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS).code()).isZero();
        } finally {
            release.countDown();
            one.shutdownNow();
        }
    }

    @Test
    void responsesToAsyncCallsCompleteOffTheIoThreads() {
        String thread = client.invokeAsync(address, RemotingCommand.request(ECHO), Duration.ofSeconds(5))
                .thenApply(r -> Thread.currentThread().getName())
                .join();
        assertThat(thread).doesNotContain("-io-");
    }

    @Test
    void invalidAddressFailsClearly() {
        assertThatThrownBy(() -> client.invokeSync("nohost", RemotingCommand.request(ECHO), Duration.ofSeconds(1)))
                .isInstanceOf(RemotingException.ConnectException.class)
                .hasMessageContaining("nohost");
    }
}
