package io.bulkhead.security;

import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Registers {@link SecurityHeadersFilter} first, for requests, error pages, forwards and async dispatches. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityHeadersConfiguration {

    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter(
            OidcProperties props, @Value("${server.servlet.session.cookie.secure:false}") boolean secureCookies) {
        String formTargets = props.embedded() ? "" : props.issuer();
        var filter = new SecurityHeadersFilter(
                SecurityHeadersFilter.headersFor(props.publicUrl(), formTargets, secureCookies));
        var registration = new FilterRegistrationBean<>(filter);
        registration.setName("bulkheadSecurityHeaders");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(
                DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.FORWARD, DispatcherType.ASYNC);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
