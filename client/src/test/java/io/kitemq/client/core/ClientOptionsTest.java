package io.kitemq.client.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {

    @Test
    void nameServersComeFromTheEnvironmentOrTheDefault() {
        assertThat(ClientOptions.fromEnvironment(Map.of("NAMESRV_ADDR", "h1:1; h2:2"))
                        .nameServers())
                .containsExactly("h1:1", "h2:2");
        assertThat(ClientOptions.fromEnvironment(Map.of()).nameServers()).containsExactly("127.0.0.1:9876");
    }

    @Test
    void defaultsFollowRocketMq() {
        ClientOptions o = ClientOptions.of("h:1");
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.routeRefreshInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.instanceName()).isNull();
    }

    @Test
    void invalidValuesAreRejected() {
        assertThatThrownBy(() -> ClientOptions.of(" ; ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.of("nohostport")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> ClientOptions.of("h:1").withInstanceName("a@b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.of("h:1").withRequestTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
