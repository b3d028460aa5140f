package io.kitemq.broker.boot;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title and description of the OpenAPI document served at {@code /v3/api-docs}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI brokerOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("KiteMQ Broker")
                        .description(
                                "Send, pull (with long polling) and look up messages; manage topics, consumer groups "
                                        + "and their offsets; broker status. A second door for the console and non-Java scripts: "
                                        + "producers and consumers use the RocketMQ remoting protocol on the remoting port.")
                        .version("v1")
                        .license(new License().name("Apache-2.0")));
    }
}
