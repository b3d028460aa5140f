package io.kitemq.bench;

import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.ClientConfig;
import io.kitemq.remoting.RemotingClient;
import io.kitemq.remoting.RemotingServer;
import io.kitemq.remoting.ServerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.netty.NettyRemotingServer;
import org.apache.rocketmq.remoting.netty.NettyRequestProcessor;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Request/response round trips per second over loopback with a trivial handler (echoes one header
 * field), one in flight ({@code inFlight1}: one thread calling synchronously) and sixteen in flight
 * ({@code inFlight16}: sixteen threads). {@code impl} picks our transport or the official
 * rocketmq-remoting client and server; both run their default I/O threads, JSON headers, and the
 * handler on an 8-thread pool, in the same JVM as the benchmark threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 2,
        jvmArgs = {"-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
public class RoundTripBenchmark {

    static final int CODE = 1000;

    @Param({"kitemq", "rocketmq"})
    public String impl;

    private ExecutorService handlerPool;
    private RemotingServer ourServer;
    private RemotingClient ourClient;
    private NettyRemotingServer theirServer;
    private NettyRemotingClient theirClient;
    private String address;

    @Setup(Level.Trial)
    public void start() throws Exception {
        handlerPool = Executors.newFixedThreadPool(8);
        if (impl.equals("kitemq")) {
            ourServer =
                    new RemotingServer(ServerConfig.defaults("bench-server", 0).withBindAddress("127.0.0.1"));
            ourServer.registerHandler(
                    CODE, (peer, req) -> RemotingCommand.success().extField("v", req.extField("v")), handlerPool);
            ourServer.start();
            address = "127.0.0.1:" + ourServer.port();
            ourClient = new RemotingClient(ClientConfig.defaults("bench-client"));
        } else {
            NettyServerConfig sc = new NettyServerConfig();
            sc.setBindAddress("127.0.0.1");
            sc.setListenPort(0);
            theirServer = new NettyRemotingServer(sc);
            theirServer.registerProcessor(
                    CODE,
                    new NettyRequestProcessor() {
                        @Override
                        public org.apache.rocketmq.remoting.protocol.RemotingCommand processRequest(
                                io.netty.channel.ChannelHandlerContext ctx,
                                org.apache.rocketmq.remoting.protocol.RemotingCommand req) {
                            var resp = org.apache.rocketmq.remoting.protocol.RemotingCommand.createResponseCommand(
                                    0, null);
                            resp.addExtField("v", req.getExtFields().get("v"));
                            return resp;
                        }

                        @Override
                        public boolean rejectRequest() {
                            return false;
                        }
                    },
                    handlerPool);
            theirServer.start();
            address = "127.0.0.1:" + theirServer.localListenPort();
            theirClient = new NettyRemotingClient(new NettyClientConfig());
            theirClient.start();
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (ourClient != null) {
            ourClient.shutdown();
            ourServer.shutdown();
        }
        if (theirClient != null) {
            theirClient.shutdown();
            theirServer.shutdown();
        }
        handlerPool.shutdownNow();
    }

    private Object call() throws Exception {
        if (ourClient != null) {
            RemotingCommand req = RemotingCommand.request(CODE).extFields(new HashMap<>(SampleHeaders.sendV2()));
            req.extField("v", "x");
            return ourClient.invokeSync(address, req, Duration.ofSeconds(10));
        }
        var req = org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(CODE, null);
        req.setExtFields(new HashMap<>(SampleHeaders.sendV2()));
        req.addExtField("v", "x");
        return theirClient.invokeSync(address, req, 10_000);
    }

    @Benchmark
    @Threads(1)
    public Object inFlight1() throws Exception {
        return call();
    }

    @Benchmark
    @Threads(16)
    public Object inFlight16() throws Exception {
        return call();
    }
}
