package io.kitemq.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kitemq.protocol.command.CommandCodec;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.command.SerializeType;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A live server fed random, truncated, oversized and malformed frames closes only the offending
 * connection and keeps serving a well-behaved client the whole time.
 */
class BadInputIT {

    static final int MAX_FRAME = 64 * 1024;

    RemotingServer server;
    RemotingClient good;
    String address;

    @BeforeEach
    void start() {
        server = new RemotingServer(ServerConfig.defaults("bad-input-server", 0)
                .withBindAddress("127.0.0.1")
                .withMaxFrameBytes(MAX_FRAME));
        server.registerHandler(1, (peer, req) -> RemotingCommand.success().body(req.body()));
        server.start();
        address = "127.0.0.1:" + server.port();
        good = new RemotingClient(ClientConfig.defaults("good-client"));
    }

    @AfterEach
    void stop() {
        good.shutdown();
        server.shutdown();
    }

    private void assertGoodClientServed() {
        RemotingCommand resp =
                good.invokeSync(address, RemotingCommand.request(1).body(new byte[] {7}), Duration.ofSeconds(5));
        assertThat(resp.code()).isZero();
        assertThat(resp.body()).containsExactly(7);
    }

    /** Sends bytes on a fresh raw connection and waits until the server closes it (EOF). */
    private void sendAndExpectClose(byte[] bytes) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            int n;
            do {
                n = in.read(buf);
            } while (n > 0);
            assertThat(n).as("server closed the connection").isEqualTo(-1);
        } catch (java.net.SocketException reset) {
            // a reset is also a close
        }
    }

    private static byte[] frame(int headerWord, byte[] header, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + body.length);
        b.putInt(4 + header.length + body.length).putInt(headerWord).put(header).put(body);
        return b.array();
    }

    @Test
    void oversizedFrameClosesOnlyThatConnection() throws Exception {
        assertGoodClientServed();
        byte[] huge = ByteBuffer.allocate(16).putInt(MAX_FRAME * 4).putInt(10).array();
        sendAndExpectClose(huge);
        assertGoodClientServed();
    }

    @Test
    void oversizedBodyFromAClientIsRefusedWithoutHurtingOthers() throws Exception {
        RemotingClient big = new RemotingClient(ClientConfig.defaults("big-client"));
        try {
            CompletableFuture<RemotingCommand> f = big.invokeAsync(
                    address, RemotingCommand.request(1).body(new byte[MAX_FRAME * 2]), Duration.ofSeconds(5));
            assertThat(f).failsWithin(Duration.ofSeconds(10));
            assertGoodClientServed();
        } finally {
            big.shutdown();
        }
    }

    @Test
    void malformedJsonHeaderClosesTheConnection() throws Exception {
        byte[] header = "{\"code\":1,\"extFields\":{\"a\":".getBytes(StandardCharsets.UTF_8);
        sendAndExpectClose(frame(header.length, header, new byte[0]));
        assertGoodClientServed();
    }

    @Test
    void unknownSerializeTypeClosesTheConnection() throws Exception {
        sendAndExpectClose(frame((7 << 24) | 2, new byte[] {1, 2}, new byte[0]));
        assertGoodClientServed();
    }

    @Test
    void headerLongerThanFrameClosesTheConnection() throws Exception {
        sendAndExpectClose(frame(1000, new byte[] {'{', '}'}, new byte[0]));
        assertGoodClientServed();
    }

    @Test
    void binaryHeaderWithAbsurdLengthsClosesTheConnection() throws Exception {
        ByteBuffer h = ByteBuffer.allocate(21);
        h.putShort((short) 1)
                .put((byte) 0)
                .putShort((short) 1)
                .putInt(1)
                .putInt(0)
                .putInt(Integer.MAX_VALUE)
                .putInt(0);
        sendAndExpectClose(frame((1 << 24) | 21, h.array(), new byte[0]));
        assertGoodClientServed();
    }

    @Test
    void negativeAndZeroLengthFramesCloseTheConnection() throws Exception {
        sendAndExpectClose(ByteBuffer.allocate(8).putInt(-5).putInt(0).array());
        sendAndExpectClose(ByteBuffer.allocate(8).putInt(0).putInt(0).array());
        assertGoodClientServed();
    }

    @Test
    void truncatedFrameThenHangupLeavesServerHealthy() throws Exception {
        byte[] whole = CommandCodec.encode(RemotingCommand.request(1).body(new byte[100]))
                .array();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write(whole, 0, whole.length / 2);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() <= 1);
        assertGoodClientServed();
    }

    @Test
    void randomGarbageFromManyConnectionsWhileAGoodClientKeepsWorking() throws Exception {
        long seed = System.nanoTime();
        System.out.println("BadInputIT random seed = " + seed);
        Random random = new Random(seed);
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
            int n = 0;
            while (running.get()) {
                assertGoodClientServed();
                n++;
            }
            return n;
        });
        for (int i = 0; i < 40; i++) {
            byte[] garbage = new byte[1 + random.nextInt(2048)];
            random.nextBytes(garbage);
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                if (random.nextBoolean()) {
                    // a plausible small length so the garbage reaches the header decoder
                    out.writeInt(garbage.length);
                }
                out.write(garbage);
                out.flush();
            } catch (IOException ignored) {
                // the server may close first
            }
        }
        running.set(false);
        assertThat(served.get()).isGreaterThan(0);
        assertGoodClientServed();
        // and a well-formed ROCKETMQ-serialized request still works on a raw socket after all that
        RemotingCommand req =
                RemotingCommand.request(1).serializeType(SerializeType.ROCKETMQ).opaque(99);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write(CommandCodec.encode(req).array());
            java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
            int len = in.readInt();
            byte[] rest = new byte[len];
            in.readFully(rest);
            RemotingCommand resp = CommandCodec.decode(ByteBuffer.wrap(rest));
            assertThat(resp.opaque()).isEqualTo(99);
            assertThat(resp.isResponse()).isTrue();
        }
    }
}
