package io.kitemq.client.core;

import io.kitemq.protocol.command.SerializeType;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings shared by every KiteMQ client object (producer, consumers, admin).
 *
 * @param nameServers NameServer addresses {@code host:port}, tried in turn
 * @param instanceName the second half of the client id; {@code null} = unique per client object
 *     ({@code pid#n}), so two clients in one JVM never share an id
 * @param clientIp the first half of the client id (this host's address by default)
 * @param requestTimeout timeout of NameServer and broker calls other than sends (RocketMQ: 3 s)
 * @param routeRefreshInterval how often cached topic routes are fetched again (RocketMQ: 30 s)
 * @param heartbeatInterval how often the client heartbeats every broker it knows (RocketMQ: 30 s)
 * @param callbackThreads threads that complete async calls and serve broker-to-client requests
 * @param serializeType header serialization of requests (RocketMQ's default: JSON)
 */
public record ClientOptions(
        List<String> nameServers,
        String instanceName,
        String clientIp,
        Duration requestTimeout,
        Duration routeRefreshInterval,
        Duration heartbeatInterval,
        int callbackThreads,
        SerializeType serializeType) {

    /** The environment variable RocketMQ tools and clients read the NameServer list from. */
    public static final String NAMESRV_ADDR_ENV = "NAMESRV_ADDR";

    public static final String DEFAULT_NAME_SERVER = "127.0.0.1:9876";

    public ClientOptions {
        nameServers = List.copyOf(Objects.requireNonNull(nameServers, "nameServers"));
        if (nameServers.isEmpty()) {
            throw new IllegalArgumentException("at least one NameServer address is needed");
        }
        for (String address : nameServers) {
            if (address.isBlank() || address.lastIndexOf(':') <= 0) {
                throw new IllegalArgumentException("NameServer address is not host:port: '" + address + "'");
            }
        }
        if (instanceName != null && (instanceName.isBlank() || instanceName.contains("@"))) {
            throw new IllegalArgumentException("instanceName must be non-blank without '@': " + instanceName);
        }
        Objects.requireNonNull(clientIp, "clientIp");
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(routeRefreshInterval, "routeRefreshInterval");
        requirePositive(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(serializeType, "serializeType");
        if (callbackThreads < 1) {
            throw new IllegalArgumentException("callbackThreads must be >= 1: " + callbackThreads);
        }
    }

    /** Defaults, with the NameServers of {@code NAMESRV_ADDR} or else {@value #DEFAULT_NAME_SERVER}. */
    public static ClientOptions defaults() {
        return fromEnvironment(System.getenv());
    }

    /** Defaults with the NameServers of {@code env}'s {@code NAMESRV_ADDR}, else {@value #DEFAULT_NAME_SERVER}. */
    public static ClientOptions fromEnvironment(Map<String, String> env) {
        String addr = env.get(NAMESRV_ADDR_ENV);
        return of(addr == null || addr.isBlank() ? DEFAULT_NAME_SERVER : addr);
    }

    /** Defaults with the NameServers in {@code addresses} ({@code host:port}, separated by {@code ;}). */
    public static ClientOptions of(String addresses) {
        return new ClientOptions(
                parseAddresses(addresses),
                null,
                localIp(),
                Duration.ofSeconds(3),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                4,
                SerializeType.JSON);
    }

    /** Splits {@code "host:port;host:port"} (commas accepted too), dropping blanks. */
    public static List<String> parseAddresses(String addresses) {
        List<String> list = new ArrayList<>();
        for (String a : Objects.requireNonNull(addresses, "addresses").split("[;,]")) {
            if (!a.isBlank()) {
                list.add(a.trim());
            }
        }
        return list;
    }

    public ClientOptions withNameServers(String addresses) {
        return edit(b -> b.nameServers = parseAddresses(addresses));
    }

    public ClientOptions withInstanceName(String name) {
        return edit(b -> b.instanceName = name);
    }

    public ClientOptions withRequestTimeout(Duration timeout) {
        return edit(b -> b.requestTimeout = timeout);
    }

    public ClientOptions withRouteRefreshInterval(Duration interval) {
        return edit(b -> b.routeRefreshInterval = interval);
    }

    public ClientOptions withHeartbeatInterval(Duration interval) {
        return edit(b -> b.heartbeatInterval = interval);
    }

    public ClientOptions withCallbackThreads(int threads) {
        return edit(b -> b.callbackThreads = threads);
    }

    public ClientOptions withSerializeType(SerializeType type) {
        return edit(b -> b.serializeType = type);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** This host's first non-loopback IPv4 address (a public one preferred), else 127.0.0.1. */
    static String localIp() {
        String privateV4 = null;
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (!(address instanceof Inet4Address)
                            || address.isLoopbackAddress()
                            || address.isLinkLocalAddress()) {
                        continue;
                    }
                    if (!address.isSiteLocalAddress()) {
                        return address.getHostAddress();
                    }
                    privateV4 = privateV4 == null ? address.getHostAddress() : privateV4;
                }
            }
        } catch (SocketException | RuntimeException e) {
            // no interface list: fall back to loopback
        }
        return privateV4 == null ? "127.0.0.1" : privateV4;
    }

    /** A copy with {@code change} applied to its settings (validated again by the canonical constructor). */
    private ClientOptions edit(java.util.function.Consumer<Settings> change) {
        Settings b = new Settings(this);
        change.accept(b);
        return b.build();
    }

    /** The record's components as mutable fields: what the {@code withX} methods change in a copy. */
    private static final class Settings {
        List<String> nameServers;
        String instanceName;
        String clientIp;
        Duration requestTimeout;
        Duration routeRefreshInterval;
        Duration heartbeatInterval;
        int callbackThreads;
        SerializeType serializeType;

        Settings(ClientOptions c) {
            nameServers = c.nameServers;
            instanceName = c.instanceName;
            clientIp = c.clientIp;
            requestTimeout = c.requestTimeout;
            routeRefreshInterval = c.routeRefreshInterval;
            heartbeatInterval = c.heartbeatInterval;
            callbackThreads = c.callbackThreads;
            serializeType = c.serializeType;
        }

        ClientOptions build() {
            return new ClientOptions(
                    nameServers,
                    instanceName,
                    clientIp,
                    requestTimeout,
                    routeRefreshInterval,
                    heartbeatInterval,
                    callbackThreads,
                    serializeType);
        }
    }
}
