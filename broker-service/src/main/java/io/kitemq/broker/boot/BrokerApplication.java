package io.kitemq.broker.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The Broker as a Spring Boot application: {@code java -jar kitemq-broker-service-exec.jar}. */
@SpringBootApplication
@EnableConfigurationProperties(BrokerProperties.class)
public class BrokerApplication {

    public static void main(String[] args) {
        SpringApplication.run(BrokerApplication.class, args);
    }
}
