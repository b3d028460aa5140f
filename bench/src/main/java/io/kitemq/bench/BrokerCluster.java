package io.kitemq.bench;

import io.kitemq.client.core.ClientOptions;
import io.kitemq.client.core.ClientRuntime;
import io.kitemq.peer.BrokerOptions;
import io.kitemq.peer.RocketMqPeer;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.CreateTopicRequestHeader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One system under test, running: a NameServer and one Broker registered with it, each in its own JVM under
 * {@code workDir} — the official Apache RocketMQ pair ({@link RocketMqPeer}) or ours (the Boot jars). Closing
 * stops the broker, then the NameServer, each by its pid (SIGTERM, then SIGKILL).
 *
 * @param label who it is ("RocketMQ" or "KiteMQ")
 * @param nameServer NameServer address for clients
 * @param broker the broker's remoting address
 * @param brokerPid the broker's process, for RSS and CPU
 * @param httpBase our broker's REST base URL; null for theirs
 * @param brokerJvm the broker's JVM flags as given
 */
record BrokerCluster(
        String label,
        String nameServer,
        String broker,
        long brokerPid,
        String httpBase,
        List<String> brokerJvm,
        AutoCloseable brokerProcess,
        AutoCloseable nameServerProcess)
        implements AutoCloseable {

    static final String RMQ_LABEL = "RocketMQ";
    static final String OUR_LABEL = "KiteMQ";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /**
     * {@code system}'s pair ("rocketmq" or "kitemq") as the benchmark mains start it: our Boot jars found in
     * the build, RocketMQ's broker with the JVM flags its runbroker.sh would give it here
     * ({@link BrokerBenchOptions#THEIR_JVM}), ours with {@link BrokerBenchOptions#OUR_JVM}, 256 MiB NameServers.
     */
    static BrokerCluster start(String system, Path workDir, String flush) {
        List<String> nameServerJvm = List.of("-Xms256m", "-Xmx256m");
        return system.equals("rocketmq")
                ? startTheirs(workDir, flush, List.of(BrokerBenchOptions.THEIR_JVM.split(" ")), nameServerJvm)
                : startOurs(
                        workDir,
                        flush,
                        KiteMqBrokerProcess.findJar(null),
                        KiteMqNameServerProcess.findJar(null),
                        List.of(BrokerBenchOptions.OUR_JVM.split(" ")),
                        nameServerJvm);
    }

    /**
     * The official pair: NameServer, then a master broker with {@code flushDiskType} from {@code flush}, its
     * own defaults otherwise (1 GiB CommitLog files, 300,000-entry ConsumeQueue files, auto-created topics).
     */
    static BrokerCluster startTheirs(Path workDir, String flush, List<String> brokerJvm, List<String> nameServerJvm) {
        RocketMqPeer nameServer = RocketMqPeer.startNameServer(workDir.resolve("namesrv"), nameServerJvm);
        try {
            BrokerOptions options = BrokerOptions.defaults()
                    .withFlushDiskType(BrokerOptions.FlushDiskType.valueOf(flush + "_FLUSH"))
                    .withCommitLogFileBytes(1024 * 1024 * 1024)
                    .withJvmOptions(brokerJvm.toArray(String[]::new))
                    .withStartTimeout(START_TIMEOUT);
            RocketMqPeer broker = RocketMqPeer.startBroker(workDir.resolve("broker"), nameServer.address(), options);
            return new BrokerCluster(
                    RMQ_LABEL,
                    nameServer.address(),
                    broker.address(),
                    broker.pid(),
                    null,
                    brokerJvm,
                    broker,
                    nameServer);
        } catch (RuntimeException | Error e) {
            nameServer.close();
            throw e;
        }
    }

    /** Ours: the NameServer's and the Broker's Boot jars, the broker with {@code flush-mode} from {@code flush}. */
    static BrokerCluster startOurs(
            Path workDir,
            String flush,
            Path brokerJar,
            Path nameServerJar,
            List<String> brokerJvm,
            List<String> nameServerJvm) {
        KiteMqNameServerProcess nameServer =
                KiteMqNameServerProcess.launch(nameServerJar, workDir.resolve("namesrv"), nameServerJvm);
        try {
            nameServer.awaitReady(START_TIMEOUT);
            KiteMqBrokerProcess broker = KiteMqBrokerProcess.launch(
                    brokerJar, workDir.resolve("broker"), nameServer.address(), flush, brokerJvm);
            try {
                broker.awaitReady(START_TIMEOUT);
            } catch (RuntimeException | Error e) {
                broker.close();
                throw e;
            }
            return new BrokerCluster(
                    OUR_LABEL,
                    nameServer.address(),
                    broker.address(),
                    broker.pid(),
                    broker.httpBase(),
                    brokerJvm,
                    broker,
                    nameServer);
        } catch (RuntimeException | Error e) {
            nameServer.close();
            throw e;
        }
    }

    /**
     * Lowers the scheduling priority ({@code renice -n 19}) of the broker's threads whose name starts with
     * {@code threadPrefix} (Linux truncates thread names to 15 characters), so that a thread that spins takes
     * only CPU nobody else wants; returns the thread ids changed.
     */
    List<Long> renice(String threadPrefix) throws IOException, InterruptedException {
        List<Long> changed = new ArrayList<>();
        try (DirectoryStream<Path> tasks =
                Files.newDirectoryStream(Path.of("/proc", Long.toString(brokerPid), "task"))) {
            for (Path task : tasks) {
                String name = Files.readString(task.resolve("comm")).strip();
                if (!name.startsWith(threadPrefix)) {
                    continue;
                }
                String tid = task.getFileName().toString();
                Process p = new ProcessBuilder("renice", "-n", "19", "-p", tid)
                        .redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IOException("renice -n 19 -p " + tid + " failed: " + out.strip());
                }
                changed.add(Long.parseLong(tid));
            }
        }
        return changed;
    }

    boolean ours() {
        return httpBase != null;
    }

    @Override
    public void close() throws Exception {
        try {
            brokerProcess.close();
        } finally {
            nameServerProcess.close();
        }
    }

    /**
     * Creates {@code topic} with {@code queues} read and write queues on the broker (UPDATE_AND_CREATE_TOPIC)
     * and waits until its route lists them all for publishing and for subscribing.
     */
    void createTopic(String topic, int queues) throws InterruptedException {
        try (ClientRuntime rt = ClientRuntime.start(ClientOptions.of(nameServer()), "bench-admin")) {
            CreateTopicRequestHeader header = new CreateTopicRequestHeader(
                    topic, "TBW102", queues, queues, 6, "SINGLE_TAG", 0, false, null, false);
            RemotingCommand response = rt.invoke(
                    broker(),
                    RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC.code(), header),
                    Duration.ofSeconds(10));
            ClientRuntime.check(response, "create topic", topic, null, broker());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!rt.fetchRoute(topic)
                    .map(r -> r.publishQueues().size() == queues
                            && r.subscribeQueues().size() == queues)
                    .orElse(false)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the route of " + topic + " never listed " + queues + " queues");
                }
                Thread.sleep(200);
            }
        }
    }
}
