package io.kitemq.client.admin;

import io.kitemq.client.FatalClientException;
import io.kitemq.client.KiteMqClientException;
import io.kitemq.client.RetriableClientException;
import io.kitemq.client.TopicNotFoundException;
import io.kitemq.client.core.ClientRuntime;
import io.kitemq.protocol.ProtocolException;
import io.kitemq.protocol.body.BodyCodec;
import io.kitemq.protocol.body.ClusterInfo;
import io.kitemq.protocol.body.TopicRouteData;
import io.kitemq.protocol.code.RequestCode;
import io.kitemq.protocol.command.RemotingCommand;
import java.time.Duration;
import java.util.List;

/**
 * The admin client's door to the network, over its own {@link ClientRuntime}: requests to the NameServers
 * (with fail-over) or to one server address, with error codes turned into typed
 * {@link KiteMqClientException}s that say what was attempted and where. Routes are fetched fresh for every
 * operation (an admin wants the current state, not a cached one).
 *
 * <p>Owns the runtime; {@link #close()} releases it. Thread-safe.
 */
final class AdminRpc implements AutoCloseable {

    private final ClientRuntime runtime;
    private final Duration timeout;

    AdminRpc(ClientRuntime runtime) {
        this.runtime = runtime;
        this.timeout = runtime.options().requestTimeout();
    }

    List<String> nameServers() {
        return runtime.options().nameServers();
    }

    /** Asks the NameServers (first that answers); an error code is thrown. */
    RemotingCommand nameServer(RemotingCommand request, String what) {
        RemotingCommand response;
        try {
            response = runtime.invokeNameServer(request);
        } catch (RetriableClientException e) {
            throw new RetriableClientException(what + " failed: " + e.getMessage(), e);
        }
        return ClientRuntime.check(response, what, null, null, nameServers().toString());
    }

    /** Sends to one NameServer; an error code is thrown. */
    RemotingCommand nameServerAt(String address, RemotingCommand request, String what) {
        return ClientRuntime.check(raw(address, request, what), what, null, null, address);
    }

    /** Sends to a broker and checks for SUCCESS. */
    RemotingCommand broker(String address, RemotingCommand request, String what) {
        return ClientRuntime.check(raw(address, request, what), what, null, null, address);
    }

    /** Sends to any server and returns the response whatever its code; only transport failures throw. */
    RemotingCommand raw(String address, RemotingCommand request, String what) {
        return runtime.invoke(address, request, timeout);
    }

    /** The current route of {@code topic}. */
    TopicRouteData route(String topic) {
        return runtime.fetchRoute(topic)
                .orElseThrow(
                        () -> new TopicNotFoundException(topic, nameServers().toString()))
                .data();
    }

    ClusterInfo clusterInfo() {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO.code());
        return decode(nameServer(request, "cluster info"), ClusterInfo.class, "cluster info");
    }

    static KiteMqClientException failure(RemotingCommand response, String what, String broker) {
        return KiteMqClientException.ofResponse(what, response.code(), response.remark(), null, null, broker);
    }

    static <T> T decode(RemotingCommand response, Class<T> type, String what) {
        try {
            return BodyCodec.decode(response.body(), type);
        } catch (ProtocolException e) {
            throw new FatalClientException(what + ": unreadable answer: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        runtime.close();
    }
}
