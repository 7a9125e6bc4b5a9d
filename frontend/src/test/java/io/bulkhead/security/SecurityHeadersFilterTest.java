package io.bulkhead.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecurityHeadersFilterTest {

    @Test
    void policyAllowsPushOnlyToThePortalsOwnOrigin() {
        String csp = SecurityHeadersFilter.contentSecurityPolicy("https://portal.example:8443/", "");

        assertThat(csp)
                .contains("connect-src 'self' wss://portal.example:8443;")
                .contains("frame-ancestors 'none'")
                .contains("object-src 'none'")
                .doesNotContain("ws: ", "wss: ", "*");
    }

    @Test
    void anExternalIssuerIsAFormTarget() {
        assertThat(SecurityHeadersFilter.contentSecurityPolicy("http://localhost:8080", "https://idp.example"))
                .contains("connect-src 'self' ws://localhost:8080;")
                .endsWith("form-action 'self' https://idp.example");
    }

    @Test
    void strictTransportSecurityOnlyWithSecureCookies() {
        assertThat(SecurityHeadersFilter.headersFor("http://localhost:8080", "", false))
                .doesNotContainKey("Strict-Transport-Security")
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsKey("Permissions-Policy");
        assertThat(SecurityHeadersFilter.headersFor("https://p.example", "", true))
                .containsEntry("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
}
