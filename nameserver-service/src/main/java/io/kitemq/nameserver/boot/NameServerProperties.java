package io.kitemq.nameserver.boot;

import io.kitemq.nameserver.NameServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kitemq.nameserver.*}: the NameServer's settings, mapped onto {@link NameServerConfig}. The REST
 * port is Spring's {@code server.port}.
 *
 * @param listenPort remoting port; 0 picks a free one (logged)
 * @param bindAddress address the remoting port listens on
 * @param dataDir where the KV configuration is kept
 * @param brokerExpiry a broker silent this long is dropped with its queues
 * @param scanInterval how often silent brokers are looked for
 */
@ConfigurationProperties("kitemq.nameserver")
public record NameServerProperties(
        @DefaultValue("9876") int listenPort,
        @DefaultValue("0.0.0.0") String bindAddress,
        @DefaultValue("./data/namesrv") Path dataDir,
        @DefaultValue("120s") Duration brokerExpiry,
        @DefaultValue("5s") Duration scanInterval) {

    NameServerConfig toConfig() {
        return new NameServerConfig(bindAddress, listenPort, dataDir, brokerExpiry, scanInterval);
    }
}
