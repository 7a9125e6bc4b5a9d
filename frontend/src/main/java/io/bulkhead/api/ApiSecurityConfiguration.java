package io.bulkhead.api;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.bulkhead.security.GroupAuthoritiesMapper;
import io.bulkhead.security.OidcProperties;
import io.bulkhead.tokens.ApiTokens;
import io.bulkhead.tokens.TokenScope;
import io.bulkhead.tokens.TokenUse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Security of {@code /api/**}: stateless (no session, no CSRF: nothing but an {@code Authorization: Bearer} header
 * authenticates), a bearer that is either a personal access token ({@code bkh_…}) or a JWT of the configured OIDC
 * provider (groups mapped to roles and teams by the login's {@link GroupAuthoritiesMapper}), every endpoint behind a
 * scope, and rate limits per token and per user. The Vaadin UI keeps its own chain with session security. The
 * OpenAPI document and Swagger UI are public (they hold no data).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class ApiSecurityConfiguration {

    /** Where the API, its document and its Swagger UI live. */
    static final String[] PATHS = {"/api/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**"};

    @Bean
    @Order(3)
    SecurityFilterChain apiChain(
            HttpSecurity http,
            ApiTokens tokens,
            JwtDecoder apiJwtDecoder,
            GroupAuthoritiesMapper groups,
            OidcProperties oidc,
            ApiProperties props,
            ApiProblemWriter problems)
            throws Exception {
        var jwt = new JwtAuthenticationProvider(apiJwtDecoder);
        jwt.setJwtAuthenticationConverter(j -> fromJwt(j, groups, oidc));
        AuthenticationManager manager = auth -> {
            var bearer = (BearerTokenAuthenticationToken) auth;
            if (bearer.getToken().startsWith(ApiTokens.TOKEN_START)) {
                String ip = bearer.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
                TokenUse use = tokens.authenticate(bearer.getToken(), ip)
                        .orElseThrow(
                                () -> new InvalidBearerTokenException("The token is unknown, expired or revoked."));
                return fromToken(use);
            }
            return jwt.authenticate(auth);
        };
        http.securityMatcher(PATHS)
                .authorizeHttpRequests(a -> a.requestMatchers(
                                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/**")
                        .hasAuthority(TokenScope.READ.authority())
                        .requestMatchers("/api/v1/namespaces/**", "/api/v1/namespaces")
                        .hasAuthority(TokenScope.NAMESPACES.authority())
                        .requestMatchers("/api/v1/exceptions/**", "/api/v1/exceptions")
                        .hasAuthority(TokenScope.EXCEPTIONS.authority())
                        .requestMatchers("/api/v1/webhooks/**", "/api/v1/webhooks")
                        .hasAuthority(TokenScope.WEBHOOKS.authority())
                        .requestMatchers(
                                "/api/v1/clusters/**", "/api/v1/clusters", "/api/v1/tiers/**", "/api/v1/audit/**")
                        .hasAuthority(TokenScope.ADMIN.authority())
                        .anyRequest()
                        .denyAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .requestCache(r -> r.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .oauth2ResourceServer(o -> o.authenticationManagerResolver(request -> manager)
                        .authenticationEntryPoint(problems::unauthorized)
                        .accessDeniedHandler(problems::forbidden))
                .exceptionHandling(e ->
                        e.authenticationEntryPoint(problems::unauthorized).accessDeniedHandler(problems::forbidden))
                .addFilterAfter(new ApiRateLimiter(props, problems), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    /**
     * Verifies bearer JWTs: with the embedded provider, against its own signing keys; with an external issuer,
     * against the issuer's JWK set (discovered on first use, so the portal starts while the issuer is down).
     */
    @Bean
    JwtDecoder apiJwtDecoder(OidcProperties oidc, ApiProperties api, ObjectProvider<JWKSource<SecurityContext>> keys) {
        String issuer = issuer(oidc);
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(JwtValidators.createDefaultWithIssuer(issuer));
        if (!api.jwtAudiences().isEmpty()) {
            validators.add(new JwtClaimValidator<Collection<String>>(
                    JwtClaimNames.AUD, aud -> aud != null && aud.stream().anyMatch(api.jwtAudiences()::contains)));
        }
        var validator = new DelegatingOAuth2TokenValidator<>(validators);
        JWKSource<SecurityContext> embedded = oidc.embedded() ? keys.getIfAvailable() : null;
        if (embedded != null) {
            NimbusJwtDecoder d = NimbusJwtDecoder.withJwkSource(embedded).build();
            d.setJwtValidator(validator);
            return d;
        }
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder d = NimbusJwtDecoder.withIssuerLocation(issuer).build();
            d.setJwtValidator(validator);
            return d;
        });
    }

    static String issuer(OidcProperties oidc) {
        return oidc.embedded() ? oidc.publicUrl().replaceAll("/+$", "") : oidc.issuer();
    }

    /** A JWT of the OIDC provider: the user's groups mapped as at login; every scope (the user's own rights). */
    static ApiAuthentication fromJwt(Jwt jwt, GroupAuthoritiesMapper groups, OidcProperties oidc) {
        Set<GrantedAuthority> authorities = new HashSet<>();
        Object claim = jwt.getClaims().get(oidc.groupsClaim());
        if (claim instanceof Collection<?> gs) {
            for (Object g : gs) {
                groups.mapGroup(String.valueOf(g), authorities);
            }
        }
        for (TokenScope s : TokenScope.values()) {
            authorities.add(new SimpleGrantedAuthority(s.authority()));
        }
        String name = firstNonBlank(
                jwt.getClaimAsString("name"), jwt.getClaimAsString("preferred_username"), jwt.getSubject());
        return new ApiAuthentication(jwt.getSubject(), name + " (API)", authorities, null, "jwt");
    }

    /** A personal access token: its owner's roles and teams as stored with it, and its scopes. */
    static ApiAuthentication fromToken(TokenUse use) {
        Set<GrantedAuthority> authorities = new HashSet<>();
        use.user().roles().forEach(r -> authorities.add(new SimpleGrantedAuthority(r.authority())));
        use.user()
                .teams()
                .forEach(t -> authorities.add(
                        new SimpleGrantedAuthority(io.bulkhead.identity.Role.TEAM_AUTHORITY_PREFIX + t)));
        use.scopes().forEach(s -> authorities.add(new SimpleGrantedAuthority(s.authority())));
        return new ApiAuthentication(
                use.user().subject(),
                use.user().displayName(),
                authorities,
                use.token().id(),
                "token");
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "unknown";
    }
}
