package io.bulkhead.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's title, and the bearer authentication every endpoint needs. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI bulkheadOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Bulkhead API")
                        .version("v1")
                        .description("Self-service namespaces with enforced isolation. Authenticate with"
                                + " 'Authorization: Bearer <token>': a personal access token (API tokens page of the"
                                + " portal) or a JWT of the portal's OIDC provider. Errors are RFC 9457 problem"
                                + " details; lists page with 'limit' and the 'nextCursor' they return."))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearerAuth",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("A personal access token (bkh_…) or an OIDC JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearerAuth"));
    }
}
