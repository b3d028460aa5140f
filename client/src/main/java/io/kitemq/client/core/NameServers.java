package io.kitemq.client.core;

import io.kitemq.client.KiteMqClientException;
import io.kitemq.client.RetriableClientException;
import io.kitemq.protocol.command.RemotingCommand;
import io.kitemq.remoting.RemotingClient;
import io.kitemq.remoting.RemotingException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls the NameServers of one client: each request goes to the NameServer that answered last, and on a
 * transport failure to the next one, until all were tried.
 *
 * <p>Thread-safe.
 */
final class NameServers {

    private final RemotingClient remoting;
    private final List<String> addresses;
    private final Duration timeout;
    private final AtomicInteger current = new AtomicInteger();

    NameServers(RemotingClient remoting, List<String> addresses, Duration timeout) {
        this.remoting = remoting;
        this.addresses = List.copyOf(addresses);
        this.timeout = timeout;
    }

    /**
     * Sends {@code request} and returns the response (any code) of the first NameServer that answers.
     *
     * @throws KiteMqClientException when none answered
     */
    RemotingCommand invoke(RemotingCommand request) {
        int start = current.get();
        RemotingException last = null;
        for (int i = 0; i < addresses.size(); i++) {
            int index = (start + i) % addresses.size();
            String address = addresses.get(index);
            try {
                // a fresh copy per attempt: the transport assigns the opaque
                RemotingCommand response = remoting.invokeSync(address, copy(request), timeout);
                current.set(index);
                return response;
            } catch (RemotingException e) {
                last = e;
                if (!e.isRetriable()) {
                    break;
                }
            }
        }
        if (last != null && !last.isRetriable()) {
            throw KiteMqClientException.ofTransport(
                    "NameServer request " + request.code() + " failed", last, null, null, addresses.toString());
        }
        throw new RetriableClientException(
                "no NameServer of " + addresses + " answered request code " + request.code(),
                null,
                null,
                addresses.toString(),
                null,
                last);
    }

    /** The address tried first. */
    String preferred() {
        return addresses.get(current.get() % addresses.size());
    }

    private static RemotingCommand copy(RemotingCommand request) {
        RemotingCommand c = RemotingCommand.request(request.code());
        if (request.hasExtFields()) {
            c.extFields(new java.util.HashMap<>(request.extFields()));
        }
        if (request.hasBody()) {
            c.body(request.body());
        }
        return c;
    }
}
