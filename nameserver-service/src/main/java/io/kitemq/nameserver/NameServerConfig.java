package io.kitemq.nameserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link NameServer}.
 *
 * @param bindAddress address the remoting port listens on
 * @param listenPort remoting port (default 9876); 0 picks a free one
 * @param dataDir where the KV config is kept
 * @param brokerExpiry a broker silent this long is dropped (default 120 s; a broker may ask for its own)
 * @param scanInterval how often silent brokers are looked for (default 5 s)
 */
public record NameServerConfig(
        String bindAddress, int listenPort, Path dataDir, Duration brokerExpiry, Duration scanInterval) {

    public NameServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(brokerExpiry, "brokerExpiry");
        Objects.requireNonNull(scanInterval, "scanInterval");
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listenPort must be 0..65535: " + listenPort);
        }
        if (brokerExpiry.isNegative() || brokerExpiry.isZero() || scanInterval.isNegative() || scanInterval.isZero()) {
            throw new IllegalArgumentException("brokerExpiry and scanInterval must be positive");
        }
    }

    public static NameServerConfig defaults(Path dataDir) {
        return new NameServerConfig("0.0.0.0", 9876, dataDir, Duration.ofSeconds(120), Duration.ofSeconds(5));
    }

    public NameServerConfig withListen(String address, int port) {
        return new NameServerConfig(address, port, dataDir, brokerExpiry, scanInterval);
    }

    public NameServerConfig withExpiry(Duration expiry, Duration scan) {
        return new NameServerConfig(bindAddress, listenPort, dataDir, expiry, scan);
    }
}
