package io.bulkhead.security;

import com.vaadin.flow.spring.security.UidlRedirectStrategy;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The portal's web security: every page needs an OIDC login (authorization code + PKCE); Vaadin's view access
 * control enforces {@code @RolesAllowed} on the server; actuator endpoints other than health are not public.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class SecurityConfiguration {

    /** Health and readiness are public (for probes); metrics and the rest need the admin role. */
    @Bean
    @Order(5)
    SecurityFilterChain actuatorChain(HttpSecurity http) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(a -> a.requestMatchers(EndpointRequest.to("health"))
                        .permitAll()
                        .anyRequest()
                        .hasRole("ADMIN"))
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .httpBasic(b -> b.disable())
                .csrf(c -> c.disable());
        return http.build();
    }

    @Bean
    @Order(10)
    SecurityFilterChain portalChain(
            HttpSecurity http,
            PortalClientRegistrations registrations,
            GroupAuthoritiesMapper authoritiesMapper,
            OidcProperties props,
            AuthenticationAuditor auditor)
            throws Exception {
        var resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        var logoutSuccess = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        // logout is a Vaadin UIDL request: the redirect must be sent the way Vaadin's client follows it
        logoutSuccess.setRedirectStrategy(new UidlRedirectStrategy());
        logoutSuccess.setPostLogoutRedirectUri("{baseUrl}/");

        http.authorizeHttpRequests(a -> a.requestMatchers(
                        "/error", "/styles/**", "/scripts/**", "/webjars/**", "/images/**", "/favicon.ico")
                .permitAll());
        http.oauth2Login(o -> o.clientRegistrationRepository(registrations)
                .authorizationEndpoint(e -> e.authorizationRequestResolver(resolver))
                .userInfoEndpoint(u -> u.userAuthoritiesMapper(authoritiesMapper)));
        // Content-Security-Policy, Referrer-Policy, Permissions-Policy and HSTS come from SecurityHeadersFilter,
        // which runs before every chain (and on error dispatches); these keep Spring's defaults in step with it.
        http.headers(h -> h.referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                .frameOptions(f -> f.deny())
                // Vaadin commits page responses itself: write the headers before the request is handled
                .addObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                    @Override
                    public <O extends HeaderWriterFilter> O postProcess(O filter) {
                        filter.setShouldWriteHeadersEagerly(true);
                        return filter;
                    }
                }));
        // Unauthenticated page requests start the OIDC flow (not the embedded provider's own /login page).
        http.exceptionHandling(e -> e.authenticationEntryPoint(
                new LoginUrlAuthenticationEntryPoint("/oauth2/authorization/" + PortalClientRegistrations.ID)));
        http.with(VaadinSecurityConfigurer.vaadin(), v -> {
            v.oauth2LoginPage("/oauth2/authorization/" + PortalClientRegistrations.ID);
            v.logoutSuccessHandler(logoutSuccess);
            v.addLogoutHandler(auditor);
            // unknown paths reach Vaadin's router (and its not-found page) instead of a bare 403
            v.anyRequest(AuthorizeHttpRequestsConfigurer.AuthorizedUrl::authenticated);
        });
        return http.build();
    }
}
