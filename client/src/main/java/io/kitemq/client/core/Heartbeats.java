package io.kitemq.client.core;

import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.ConsumerData;
import io.kitemq.protocol.body.HeartbeatData;
import io.kitemq.protocol.body.ProducerData;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.code.ResponseCode;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.protocol.header.UnregisterClientRequestHeader;
import io.kitemq.remoting.RemotingClient;
import io.kitemq.remoting.RemotingException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats of one client: collects the groups and subscriptions of its registered producers and
 * consumers into one {@link HeartbeatData} and sends it to every broker of the known routes (masters
 * only while no consumer is registered, as RocketMQ). Unregistering a contributor tells the brokers
 * (UNREGISTER_CLIENT) so they drop the group's connection at once.
 *
 * <p>Thread-safe; {@link #send()} is serialized so that beats do not overtake each other.
 */
final class Heartbeats {

    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

    private final String clientId;
    private final RemotingClient remoting;
    private final RouteTable routes;
    private final Duration timeout;
    private final List<HeartbeatContributor> contributors = new CopyOnWriteArrayList<>();

    Heartbeats(String clientId, RemotingClient remoting, RouteTable routes, Duration timeout) {
        this.clientId = clientId;
        this.remoting = remoting;
        this.routes = routes;
        this.timeout = timeout;
    }

    void add(HeartbeatContributor contributor) {
        contributors.add(contributor);
    }

    /** Removes {@code contributor} and unregisters its groups from every known broker. */
    void remove(HeartbeatContributor contributor) {
        if (!contributors.remove(contributor)) {
            return;
        }
        Set<String> addresses = routes.brokerAddresses(false);
        for (ProducerData p : contributor.producers()) {
            unregister(addresses, new UnregisterClientRequestHeader(clientId, p.groupName(), null));
        }
        for (ConsumerData c : contributor.consumers()) {
            unregister(addresses, new UnregisterClientRequestHeader(clientId, null, c.groupName()));
        }
    }

    HeartbeatData data() {
        Set<ProducerData> producers = new HashSet<>();
        Set<ConsumerData> consumers = new HashSet<>();
        for (HeartbeatContributor c : contributors) {
            producers.addAll(c.producers());
            consumers.addAll(c.consumers());
        }
        return new HeartbeatData(clientId, producers, consumers);
    }

    /** Sends one heartbeat to every known broker; returns how many accepted it. Failures are logged. */
    synchronized int send() {
        HeartbeatData data = data();
        if (data.producerDataSet().isEmpty() && data.consumerDataSet().isEmpty()) {
            return 0;
        }
        byte[] body = BodyCodec.encode(data);
        int ok = 0;
        for (String address : routes.brokerAddresses(data.consumerDataSet().isEmpty())) {
            RemotingCommand request = RemotingCommand.request(RequestCode.HEART_BEAT.code());
            request.body(body);
            try {
                RemotingCommand response = remoting.invokeSync(address, request, timeout);
                if (response.code() == ResponseCode.SUCCESS.code()) {
                    ok++;
                } else {
                    log.warn(
                            "broker {} refused the heartbeat of {}: {} {}",
                            address,
                            clientId,
                            ResponseCode.describe(response.code()),
                            response.remark());
                }
            } catch (RemotingException e) {
                log.warn("heartbeat of {} to broker {} failed: {}", clientId, address, e.getMessage());
            }
        }
        return ok;
    }

    private void unregister(Set<String> addresses, UnregisterClientRequestHeader header) {
        for (String address : addresses) {
            try {
                remoting.invokeSync(
                        address, RemotingCommand.request(RequestCode.UNREGISTER_CLIENT.code(), header), timeout);
            } catch (RemotingException e) {
                log.debug("unregistering {} from broker {} failed: {}", header, address, e.getMessage());
            }
        }
    }
}
