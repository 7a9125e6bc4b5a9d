package io.bulkhead.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the portal's security headers on every response before anything else handles the request: Vaadin pages
 * and UIDL, static resources and webjars, the embedded provider's login and authorization endpoints, error pages,
 * CSV downloads and actuator. Registered ahead of Spring Security (see {@link SecurityHeadersConfiguration}) so
 * that no chain, no committed Vaadin response and no error dispatch goes out without them; Spring Security's own
 * header writers leave a header alone that is already set.
 *
 * <p>The embedded provider's pages and actuator get {@link #STRICT_POLICY} (no script at all). Elsewhere the
 * Content-Security-Policy allows scripts from the portal only ({@code 'unsafe-inline'} and {@code 'unsafe-eval'}
 * because Vaadin Flow's client needs them, see {@link #contentSecurityPolicy}), styles from the portal plus inline styles (Vaadin's components set style
 * attributes), connections to the portal's own origin (XHR and push websocket), and no framing.
 */
final class SecurityHeadersFilter extends OncePerRequestFilter {

    /** Policy of pages that run no script of ours: the provider's sign-in form and endpoints, actuator. */
    static final String STRICT_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static final List<String> STRICT_PREFIXES =
            List.of("/login", "/logout", "/oauth2/", "/.well-known/", "/connect/", "/userinfo", "/actuator");

    private final Map<String, String> headers;
    private final Map<String, String> strictHeaders;

    SecurityHeadersFilter(Map<String, String> headers) {
        this.headers = Map.copyOf(headers);
        Map<String, String> strict = new LinkedHashMap<>(headers);
        strict.put("Content-Security-Policy", STRICT_POLICY);
        this.strictHeaders = Map.copyOf(strict);
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!response.isCommitted()) {
            (strict(request) ? strictHeaders : headers).forEach(response::setHeader);
        }
        chain.doFilter(request, response);
    }

    private static boolean strict(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return STRICT_PREFIXES.stream().anyMatch(path::startsWith);
    }

    /**
     * The headers for a portal reached at {@code publicUrl}.
     *
     * @param publicUrl the URL browsers use (its origin's ws/wss twin is allowed for server push)
     * @param formTargets further origins a form may post to (an external issuer's login), or empty
     * @param strictTransport whether to send HSTS (the portal runs behind HTTPS: secure cookies)
     */
    static Map<String, String> headersFor(String publicUrl, String formTargets, boolean strictTransport) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Security-Policy", contentSecurityPolicy(publicUrl, formTargets));
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "same-origin");
        h.put(
                "Permissions-Policy",
                "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
                        + "payment=(), usb=(), interest-cohort=()");
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cross-Origin-Resource-Policy", "same-origin");
        if (strictTransport) {
            h.put("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        return h;
    }

    static String contentSecurityPolicy(String publicUrl, String formTargets) {
        String push = pushOrigin(publicUrl);
        String form = formTargets == null || formTargets.isBlank() ? "" : " " + formTargets.strip();
        return "default-src 'self'; "
                // Vaadin Flow 25.2's client runs every executeJs/callJsFunction through `new Function(...)`
                // (FlowClient.js), and its bootstrap page has inline scripts: without these two the UI never loads
                + "script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
                + "style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; "
                + "font-src 'self' data:; "
                + "connect-src 'self'" + push + "; "
                + "object-src 'none'; "
                + "base-uri 'self'; "
                + "frame-src 'none'; "
                + "worker-src 'self'; "
                + "manifest-src 'self'; "
                + "frame-ancestors 'none'; "
                + "form-action 'self'" + form;
    }

    /** {@code ws://host:port} for an http public URL, {@code wss://…} for https; empty if it cannot be parsed. */
    private static String pushOrigin(String publicUrl) {
        try {
            URI uri = URI.create(publicUrl.strip());
            if (uri.getHost() == null || uri.getScheme() == null) {
                return "";
            }
            String scheme = "https".equalsIgnoreCase(uri.getScheme()) ? "wss" : "ws";
            String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
            return " " + scheme + "://" + uri.getHost() + port;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
