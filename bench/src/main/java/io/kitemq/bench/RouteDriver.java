package io.kitemq.bench;

import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.GetRouteInfoRequestHeader;
import io.kitemq.remoting.ClientConfig;
import io.kitemq.remoting.RemotingClient;
import java.time.Duration;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;

/**
 * A client that asks a NameServer for a topic's route (GET_ROUTEINFO_BY_TOPIC, standard JSON requested)
 * and waits for the answer: our {@link RemotingClient}, or the official {@link NettyRemotingClient} built
 * the way RocketMQ's own client builds its request. Both use their defaults (one connection per address,
 * JSON headers); one instance is shared by all calling threads, as one client process shares it.
 * Thread-safe.
 */
interface RouteDriver extends AutoCloseable {

    Duration TIMEOUT = Duration.ofSeconds(5);

    String name();

    /**
     * One lookup: the route's JSON body.
     *
     * @throws IllegalStateException if the NameServer answered anything but SUCCESS
     * @throws Exception on a transport failure or timeout
     */
    byte[] route(String address, String topic) throws Exception;

    @Override
    void close();

    static RouteDriver create(String name) {
        return switch (name) {
            case "kitemq" -> new KiteMq();
            case "rocketmq" -> new RocketMq();
            default -> throw new IllegalArgumentException("unknown driver " + name);
        };
    }

    /** Our remoting client with its defaults. */
    final class KiteMq implements RouteDriver {
        private final RemotingClient client = new RemotingClient(ClientConfig.defaults("bench-driver"));

        @Override
        public String name() {
            return "kitemq";
        }

        @Override
        public byte[] route(String address, String topic) {
            RemotingCommand response = client.invokeSync(
                    address,
                    RemotingCommand.request(
                            RequestCode.GET_ROUTEINFO_BY_TOPIC.code(), new GetRouteInfoRequestHeader(topic, true)),
                    TIMEOUT);
            if (response.code() != 0) {
                throw new IllegalStateException("route of " + topic + " from " + address + ": code " + response.code()
                        + " " + response.remark());
            }
            return response.body();
        }

        @Override
        public void close() {
            client.shutdown();
        }
    }

    /**
     * The official client. Requests carry the 5.5.0 version, as RocketMQ's client sets it (the
     * {@code rocketmq.remoting.version} system property, read once by the first request created).
     */
    final class RocketMq implements RouteDriver {
        private final NettyRemotingClient client;

        RocketMq() {
            System.setProperty(
                    org.apache.rocketmq.remoting.protocol.RemotingCommand.REMOTING_VERSION_KEY,
                    Integer.toString(MQVersion.CURRENT_VERSION));
            client = new NettyRemotingClient(new NettyClientConfig());
            client.start();
        }

        @Override
        public String name() {
            return "rocketmq";
        }

        @Override
        public byte[] route(String address, String topic) throws Exception {
            var header = new org.apache.rocketmq.remoting.protocol.header.namesrv.GetRouteInfoRequestHeader();
            header.setTopic(topic);
            header.setAcceptStandardJsonOnly(true);
            var request = org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(
                    org.apache.rocketmq.remoting.protocol.RequestCode.GET_ROUTEINFO_BY_TOPIC, header);
            var response = client.invokeSync(address, request, TIMEOUT.toMillis());
            if (response.getCode() != 0) {
                throw new IllegalStateException("route of " + topic + " from " + address + ": code "
                        + response.getCode() + " " + response.getRemark());
            }
            return response.getBody();
        }

        @Override
        public void close() {
            client.shutdown();
        }
    }
}
