package io.kitemq.nameserver.boot;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title and description of the OpenAPI document served at {@code /v3/api-docs}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI nameServerOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("KiteMQ NameServer")
                        .description(
                                "Read-only view of the routing registry: topic routes, clusters, brokers and KV config. "
                                        + "Brokers and clients use the RocketMQ remoting protocol on the remoting port.")
                        .version("v1")
                        .license(new License().name("Apache-2.0")));
    }
}
