package io.kitemq.broker.boot;

import io.kitemq.broker.Broker;
import io.kitemq.broker.BrokerMetrics;
import io.kitemq.protocol.message.UniqueIdGenerator;
import java.time.InstantSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Wiring of the REST API: the REST door to the broker's send path, long polling over the broker's core, and request
 * bodies allowed up to what a batch at the broker's maximum message size needs in JSON (larger ones
 * are refused with 413 before they are buffered whole).
 */
@Configuration(proxyBeanMethods = false)
class RestConfiguration {

    /** Room for base64 (4/3) and JSON escaping around the largest batch the store accepts. */
    static final int BODY_BYTES_PER_MESSAGE_BYTE = 2;

    static final int BODY_OVERHEAD_BYTES = 1 << 20;

    @Bean(destroyMethod = "close")
    MessageArrivals messageArrivals(Broker broker, BrokerMetrics metrics) {
        MessageArrivals arrivals = new MessageArrivals(broker.store(), metrics);
        broker.store().addDispatchListener(arrivals);
        return arrivals;
    }

    @Bean
    RestAppender restAppender(Broker broker) {
        return new RestAppender(broker.sendPath(), InstantSource.system(), UniqueIdGenerator.forThisProcess());
    }

    @Bean
    WebFluxConfigurer restBodyLimit(Broker broker) {
        long limit =
                (long) broker.store().config().maxMessageBytes() * BODY_BYTES_PER_MESSAGE_BYTE + BODY_OVERHEAD_BYTES;
        return new WebFluxConfigurer() {
            @Override
            public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
                configurer.defaultCodecs().maxInMemorySize((int) Math.min(Integer.MAX_VALUE, limit));
            }
        };
    }
}
