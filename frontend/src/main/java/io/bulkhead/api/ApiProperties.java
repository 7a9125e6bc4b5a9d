package io.bulkhead.api;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * REST API settings.
 *
 * @param rateLimitPerToken requests per minute one personal access token may make ({@code BULKHEAD_API_RATE_PER_TOKEN})
 * @param rateLimitPerUser requests per minute one user may make over all their tokens and JWTs
 *     ({@code BULKHEAD_API_RATE_PER_USER})
 * @param jwtAudiences if not empty, a bearer JWT must name one of these audiences ({@code BULKHEAD_API_JWT_AUDIENCES})
 */
@ConfigurationProperties("bulkhead.api")
public record ApiProperties(int rateLimitPerToken, int rateLimitPerUser, List<String> jwtAudiences) {
    public ApiProperties {
        if (rateLimitPerToken < 1) {
            rateLimitPerToken = 300;
        }
        if (rateLimitPerUser < 1) {
            rateLimitPerUser = 600;
        }
        jwtAudiences = jwtAudiences == null ? List.of() : List.copyOf(jwtAudiences);
    }
}
