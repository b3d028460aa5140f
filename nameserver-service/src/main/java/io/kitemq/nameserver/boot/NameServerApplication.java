package io.kitemq.nameserver.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The NameServer as a Spring Boot application: {@code java -jar kitemq-nameserver-service.jar}. */
@SpringBootApplication
@EnableConfigurationProperties(NameServerProperties.class)
public class NameServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(NameServerApplication.class, args);
    }
}
