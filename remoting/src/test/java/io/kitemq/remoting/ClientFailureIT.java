package io.kitemq.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kitemq.protocol.command.RemotingCommand;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Timeouts, connection loss, connect failures and clean shutdown, over real loopback sockets. */
class ClientFailureIT {

    static final int SILENT = 10;
    static final int CLOSE_ME = 11;
    static final int SLOW = 12;
    static final int OK = 13;

    RemotingServer server;
    RemotingClient client;
    String address;
    final CountDownLatch slowRelease = new CountDownLatch(1);

    @BeforeEach
    void start() {
        server = new RemotingServer(ServerConfig.defaults("failure-server", 0).withBindAddress("127.0.0.1"));
        server.registerHandler(SILENT, (peer, req) -> null);
        server.registerHandler(CLOSE_ME, (peer, req) -> {
            peer.close();
            return null;
        });
        server.registerHandler(SLOW, (peer, req) -> {
            slowRelease.await(10, TimeUnit.SECONDS);
            return RemotingCommand.success().remark("finished");
        });
        server.registerHandler(OK, (peer, req) -> RemotingCommand.success());
        server.start();
        address = "127.0.0.1:" + server.port();
        client = new RemotingClient(ClientConfig.defaults("failure-client"));
    }

    @AfterEach
    void stop() {
        slowRelease.countDown();
        client.shutdown();
        server.shutdown();
    }

    @Test
    void requestWithoutAnswerTimesOut() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.invokeSync(address, RemotingCommand.request(SILENT), Duration.ofMillis(300)))
                .isInstanceOf(RemotingException.TimeoutException.class)
                .hasMessageContaining(address)
                .hasMessageContaining("300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
    }

    @Test
    void asyncTimeoutFailsTheFuture() {
        CompletableFuture<RemotingCommand> f =
                client.invokeAsync(address, RemotingCommand.request(SILENT), Duration.ofMillis(200));
        assertThat(f)
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(RemotingException.TimeoutException.class);
    }

    @Test
    void pendingRequestsFailFastWhenTheChannelCloses() {
        CompletableFuture<RemotingCommand> waiting =
                client.invokeAsync(address, RemotingCommand.request(SILENT), Duration.ofSeconds(60));
        CompletableFuture<RemotingCommand> closer =
                client.invokeAsync(address, RemotingCommand.request(CLOSE_ME), Duration.ofSeconds(60));
        // both fail long before their 60 s timeout
        assertThat(waiting)
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(RemotingException.SendException.class)
                .withMessageContaining("closed");
        assertThat(closer).failsWithin(Duration.ofSeconds(5));
        // and the next request reconnects
        assertThat(client.invokeSync(address, RemotingCommand.request(OK), Duration.ofSeconds(5))
                        .code())
                .isZero();
    }

    @Test
    void connectToAClosedPortFailsWithConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String dead = "127.0.0.1:" + port;
        assertThatThrownBy(() -> client.invokeSync(dead, RemotingCommand.request(SILENT), Duration.ofSeconds(3)))
                .isInstanceOf(RemotingException.ConnectException.class)
                .hasMessageContaining(dead)
                .satisfies(
                        e -> assertThat(((RemotingException) e).isRetriable()).isTrue());
    }

    @Test
    void serverShutdownLetsRunningHandlersFinish() throws Exception {
        CompletableFuture<RemotingCommand> slow =
                client.invokeAsync(address, RemotingCommand.request(SLOW), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> threadsNamed("failure-server-worker").size() > 0);
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(server::shutdown);
        // new connections are refused while the old handler still runs
        RemotingClient late =
                new RemotingClient(ClientConfig.defaults("late-client").withConnectTimeout(Duration.ofSeconds(1)));
        try {
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThatThrownBy(() ->
                                    late.invokeSync(address, RemotingCommand.request(SILENT), Duration.ofSeconds(1)))
                            .isInstanceOf(RemotingException.class));
        } finally {
            late.shutdown();
        }
        slowRelease.countDown();
        assertThat(slow.get(5, TimeUnit.SECONDS).remark()).isEqualTo("finished");
        shutdown.get(10, TimeUnit.SECONDS);
    }

    @Test
    void clientShutdownFailsOutstandingRequestsClearly() {
        RemotingClient c =
                new RemotingClient(ClientConfig.defaults("short-grace").withShutdownGrace(Duration.ofMillis(100)));
        CompletableFuture<RemotingCommand> f =
                c.invokeAsync(address, RemotingCommand.request(SILENT), Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(5)).until(() -> c.openConnections() == 1);
        c.shutdown();
        assertThat(f)
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(RemotingException.ShutdownException.class);
        assertThatThrownBy(() -> c.invokeSync(address, RemotingCommand.request(SILENT), Duration.ofSeconds(1)))
                .isInstanceOf(RemotingException.ShutdownException.class);
    }

    @Test
    void serverRequestToAClientThatLeftFailsFast() throws Exception {
        AtomicReference<RemotingPeer> seen = new AtomicReference<>();
        server.addConnectionListener(new ConnectionListener() {
            @Override
            public void onConnect(RemotingPeer peer) {
                seen.set(peer);
            }
        });
        RemotingClient c = new RemotingClient(ClientConfig.defaults("leaving-client"));
        CountDownLatch never = new CountDownLatch(1);
        c.registerHandler(77, (peer, req) -> {
            never.await(30, TimeUnit.SECONDS);
            return RemotingCommand.success();
        });
        c.invokeOneway(address, RemotingCommand.request(SILENT)).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.get() != null);
        CompletableFuture<RemotingCommand> toClient =
                seen.get().invoke(RemotingCommand.request(77), Duration.ofSeconds(60));
        c.shutdown();
        never.countDown();
        // either the connection closed under the request (a RemotingException), or the request arrived
        // while the client was closing and it said so (SYSTEM_BUSY): both answer at once, not after 60 s
        await().atMost(Duration.ofSeconds(10)).until(toClient::isDone);
        if (toClient.isCompletedExceptionally()) {
            assertThat(toClient)
                    .failsWithin(Duration.ZERO)
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(RemotingException.class);
        } else {
            assertThat(toClient.join().code()).isEqualTo(io.kitemq.protocol.code.ResponseCode.SYSTEM_BUSY.code());
            assertThat(toClient.join().remark()).contains("shutting down");
        }
    }

    @Test
    void idleConnectionsAreClosed() {
        RemotingClient c =
                new RemotingClient(ClientConfig.defaults("idle-client").withIdleTimeout(Duration.ofMillis(300)));
        try {
            c.invokeOneway(address, RemotingCommand.request(SILENT)).join();
            await().atMost(Duration.ofSeconds(5)).until(() -> c.openConnections() == 0);
        } finally {
            c.shutdown();
        }
    }

    @Test
    void noThreadsLeakAfterShutdown() {
        RemotingServer s =
                new RemotingServer(ServerConfig.defaults("leakcheck-server", 0).withBindAddress("127.0.0.1")).start();
        s.registerHandler(1, (peer, req) -> RemotingCommand.success());
        RemotingClient c = new RemotingClient(ClientConfig.defaults("leakcheck-client"));
        c.invokeSync("127.0.0.1:" + s.port(), RemotingCommand.request(1), Duration.ofSeconds(5));
        c.invokeSync("127.0.0.1:" + s.port(), RemotingCommand.request(1), Duration.ofSeconds(5));
        assertThat(threadsNamed("leakcheck")).isNotEmpty();
        c.shutdown();
        s.shutdown();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> threadsNamed("leakcheck").isEmpty());
    }

    static Set<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith(prefix))
                .collect(Collectors.toSet());
    }
}
