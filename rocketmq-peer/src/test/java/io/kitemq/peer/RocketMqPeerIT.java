package io.kitemq.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the official RocketMQ 5.5.0 NameServer and Broker as child JVMs and talks to the NameServer over a raw
 * socket with a hand-written GET_BROKER_CLUSTER_INFO frame (PROTOCOL.md §1, §2, §11).
 */
class RocketMqPeerIT {

    private static final int GET_BROKER_CLUSTER_INFO = 106;
    private static final Duration REGISTRATION = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    @Test
    void brokerRegistersWithTheNameServerAndUnregistersOnGracefulStop() {
        BrokerOptions options =
                BrokerOptions.defaults().withBrokerName("peer-it-a").withClusterName("PeerItCluster");
        try (RocketMqPeer nameServer = RocketMqPeer.startNameServer(tmp.resolve("namesrv"));
                RocketMqPeer broker = RocketMqPeer.startBroker(tmp.resolve("broker"), nameServer.address(), options)) {
            await().atMost(REGISTRATION)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> lists(clusterInfo(nameServer.port()), broker, "PeerItCluster", "peer-it-a"));
            assertThat(broker.rssKb()).isPositive();
            assertThat(nameServer.rssKb()).isPositive();
            assertThat(broker.logDir().resolve("broker.log")).exists();
            assertThat(tmp.resolve("broker/store/commitlog")).isDirectory();

            assertThat(broker.stop(RocketMqPeer.DEFAULT_STOP_TIMEOUT))
                    .as("broker stopped by itself on SIGTERM")
                    .isTrue();
            assertThat(broker.isAlive()).isFalse();
            await().atMost(REGISTRATION)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !clusterInfo(nameServer.port()).body().contains("peer-it-a"));

            long nameServerPid = nameServer.pid();
            assertThat(nameServer.stop(RocketMqPeer.DEFAULT_STOP_TIMEOUT)).isTrue();
            assertThat(isRunning(nameServerPid)).isFalse();
        }
    }

    @Test
    void killRemovesBothProcesses() {
        BrokerOptions options = BrokerOptions.defaults().withBrokerName("peer-it-b");
        try (RocketMqPeer nameServer = RocketMqPeer.startNameServer(tmp.resolve("namesrv"));
                RocketMqPeer broker = RocketMqPeer.startBroker(tmp.resolve("broker"), nameServer.address(), options)) {
            await().atMost(REGISTRATION)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> lists(clusterInfo(nameServer.port()), broker, "DefaultCluster", "peer-it-b"));

            long brokerPid = broker.pid();
            broker.kill();
            assertThat(isRunning(brokerPid)).isFalse();
            assertThat(Path.of("/proc", Long.toString(brokerPid))).doesNotExist();
            assertThat(broker.rssKb()).isEqualTo(-1);

            long nameServerPid = nameServer.pid();
            nameServer.kill();
            assertThat(isRunning(nameServerPid)).isFalse();
            assertThat(Path.of("/proc", Long.toString(nameServerPid))).doesNotExist();
        }
    }

    @Test
    void failedStartReportsTheLogTail() throws IOException {
        Path workDir = tmp.resolve("bad-broker");
        // An address RocketMQ rejects before booting ("The Name Server Address[...] illegal").
        BrokerOptions options = BrokerOptions.defaults().withStartTimeout(Duration.ofSeconds(30));
        try {
            RocketMqPeer.startBroker(workDir, "not-an-address", options).close();
            throw new AssertionError("the broker should not have started");
        } catch (IllegalStateException expected) {
            assertThat(expected.getMessage()).contains("exited with code").contains("illegal");
        }
        assertThat(Files.readString(workDir.resolve("broker.conf"))).contains("namesrvAddr=not-an-address");
    }

    private static boolean lists(ClusterInfo info, RocketMqPeer broker, String cluster, String brokerName) {
        return info.code() == 0
                && info.body().contains("\"" + cluster + "\":[\"" + brokerName + "\"]")
                && info.body().contains("\"" + broker.address() + "\"");
    }

    private static boolean isRunning(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    record ClusterInfo(int code, String header, String body) {}

    /** One request/response over a fresh connection: JSON header, no body. */
    private static ClusterInfo clusterInfo(int port) throws IOException {
        int opaque = 7;
        byte[] header = ("{\"code\":" + GET_BROKER_CLUSTER_INFO
                        + ",\"language\":\"JAVA\",\"version\":479,\"opaque\":" + opaque
                        + ",\"flag\":0,\"extFields\":{},\"serializeTypeCurrentRPC\":\"JSON\"}")
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(4 + header.length); // total length, excluding itself
            out.writeInt(header.length); // serialize type 0 (JSON) in the top byte, header length below
            out.write(header);
            out.flush();

            DataInputStream in = new DataInputStream(socket.getInputStream());
            int total = in.readInt();
            int lengthWord = in.readInt();
            int headerLength = lengthWord & 0xFF_FFFF;
            assertThat(lengthWord >>> 24).as("serialize type").isZero();
            byte[] responseHeader = in.readNBytes(headerLength);
            byte[] body = in.readNBytes(total - 4 - headerLength);
            String json = new String(responseHeader, StandardCharsets.UTF_8);
            assertThat(intField(json, "opaque")).isEqualTo(opaque);
            assertThat(intField(json, "flag") & 1).as("response flag").isEqualTo(1);
            return new ClusterInfo(intField(json, "code"), json, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static int intField(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":(-?\\d+)").matcher(json);
        assertThat(matcher.find()).as("%s in %s", name, json).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
