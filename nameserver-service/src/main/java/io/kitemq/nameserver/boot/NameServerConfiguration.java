package io.kitemq.nameserver.boot;

import io.kitemq.nameserver.NameServer;
import io.kitemq.nameserver.handler.NameServerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring only: the plain-Java NameServer as a bean, its metrics on Micrometer, a health indicator. */
@Configuration(proxyBeanMethods = false)
class NameServerConfiguration {

    @Bean
    NameServerMetrics nameServerMetrics(MeterRegistry registry) {
        Counter found = Counter.builder("kitemq.namesrv.route.lookups")
                .tag("result", "found")
                .description("GET_ROUTEINFO_BY_TOPIC requests answered")
                .register(registry);
        Counter notFound = Counter.builder("kitemq.namesrv.route.lookups")
                .tag("result", "not_found")
                .description("GET_ROUTEINFO_BY_TOPIC requests answered")
                .register(registry);
        Counter registrations = Counter.builder("kitemq.namesrv.registrations")
                .description("broker registrations and heartbeats accepted")
                .register(registry);
        return new NameServerMetrics() {
            @Override
            public void routeLookup(boolean wasFound) {
                (wasFound ? found : notFound).increment();
            }

            @Override
            public void registration() {
                registrations.increment();
            }
        };
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    NameServer nameServer(NameServerProperties properties, NameServerMetrics metrics, MeterRegistry registry) {
        NameServer server = new NameServer(properties.toConfig(), InstantSource.system(), metrics);
        Gauge.builder("kitemq.namesrv.brokers.live", server.routes(), r -> r.liveBrokerCount())
                .description("registered broker instances")
                .register(registry);
        Gauge.builder("kitemq.namesrv.topics", server.routes(), r -> r.topicCount())
                .description("topics with at least one live broker")
                .register(registry);
        return server;
    }

    @Bean
    HealthIndicator nameServerHealth(NameServer server) {
        return () -> Health.up()
                .withDetail("remotingPort", server.port())
                .withDetail("liveBrokers", server.routes().liveBrokerCount())
                .withDetail("topics", server.routes().topicCount())
                .build();
    }
}
