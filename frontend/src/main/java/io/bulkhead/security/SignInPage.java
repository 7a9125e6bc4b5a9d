package io.bulkhead.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

/**
 * The embedded provider's branded sign-in page ({@code GET /login}): the portal's product name and logo on the
 * look of Vaadin's LoginOverlay in Lumo ({@code /styles/sign-in.css}), with the CSRF token in the form, a message
 * for failed sign-ins ({@code ?error}), after logout ({@code ?logout}) and while a name is locked out (rendered by
 * {@link #renderLocked}, status 429). Plain HTML with no script and no inline style, so it keeps the provider's
 * strict Content-Security-Policy.
 */
final class SignInPage extends OncePerRequestFilter {

    /** The demo accounts the hint lists (all with password {@code demo}). */
    private final List<String> demoAccounts;

    SignInPage(List<String> demoAccounts) {
        this.demoAccounts = List.copyOf(demoAccounts);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !("GET".equals(request.getMethod()) && "/login".equals(path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String error = request.getParameter("error") != null
                ? message(
                        "sign-in-error",
                        "error",
                        "alert",
                        "Incorrect username or password",
                        "Check that you entered the right username and password and try again.")
                : null;
        String notice = error == null && request.getParameter("logout") != null
                ? message("sign-in-notice", "notice", "status", "You are signed out", "Sign in again to continue.")
                : null;
        write(request, response, HttpStatus.OK, error != null ? error : notice, error != null ? "sign-in-error" : null);
    }

    /** The page with the lockout message (429): the form stays, so the user can try again after the wait. */
    void renderLocked(HttpServletRequest request, HttpServletResponse response, String lockMessage) throws IOException {
        write(
                request,
                response,
                HttpStatus.TOO_MANY_REQUESTS,
                message("throttled", "error", "alert", "Too many attempts", lockMessage),
                "throttled");
    }

    private void write(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            @Nullable String messageHtml,
            @Nullable String invalidBy)
            throws IOException {
        String base = HtmlUtils.htmlEscape(request.getContextPath());
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String invalidAttrs = invalidBy == null ? "" : " aria-invalid=\"true\" aria-describedby=\"" + invalidBy + "\"";
        StringBuilder html = new StringBuilder(4096)
                .append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Sign in · Bulkhead</title>")
                .append("<link rel=\"icon\" href=\"")
                .append(base)
                .append("/images/favicon.svg\" type=\"image/svg+xml\">")
                .append("<link rel=\"stylesheet\" href=\"")
                .append(base)
                .append("/styles/sign-in.css\">")
                .append("</head><body><main class=\"sign-in\">")
                .append("<div class=\"sign-in-card\">")
                .append("<header class=\"brand\"><img src=\"")
                .append(base)
                .append("/images/bulkhead-logo.svg\" alt=\"\" width=\"48\" height=\"48\">")
                .append("<div><h1 id=\"product-name\">Bulkhead</h1>")
                .append("<p>Self-service namespaces with enforced isolation</p></div></header>")
                .append("<form method=\"post\" action=\"")
                .append(base)
                .append("/login\" aria-labelledby=\"sign-in-title\">")
                .append("<h2 id=\"sign-in-title\">Sign in</h2>");
        if (messageHtml != null) {
            html.append(messageHtml);
        }
        html.append("<div class=\"field\"><label for=\"username\">Username</label>")
                .append("<input id=\"username\" name=\"username\" type=\"text\" autocomplete=\"username\" ")
                .append("autocapitalize=\"none\" spellcheck=\"false\" required autofocus")
                .append(invalidAttrs)
                .append("></div>")
                .append("<div class=\"field\"><label for=\"password\">Password</label>")
                .append("<input id=\"password\" name=\"password\" type=\"password\" ")
                .append("autocomplete=\"current-password\" required")
                .append(invalidAttrs)
                .append("></div>");
        if (csrf != null) {
            html.append("<input type=\"hidden\" name=\"")
                    .append(HtmlUtils.htmlEscape(csrf.getParameterName()))
                    .append("\" value=\"")
                    .append(HtmlUtils.htmlEscape(csrf.getToken()))
                    .append("\">");
        }
        html.append("<button type=\"submit\" id=\"sign-in-submit\">Sign in</button></form></div>");
        if (!demoAccounts.isEmpty()) {
            html.append("<p class=\"hint\" id=\"sign-in-hint\">Demo accounts: ");
            for (int i = 0; i < demoAccounts.size(); i++) {
                html.append(i == 0 ? "" : ", ")
                        .append("<code>")
                        .append(HtmlUtils.htmlEscape(demoAccounts.get(i)))
                        .append("</code>");
            }
            html.append(" — password <code>demo</code></p>");
        }
        html.append("</main></body></html>");
        response.setStatus(status.value());
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(html.toString());
    }

    private static String message(String id, String cssClass, String role, String title, String text) {
        return "<div class=\"" + cssClass + "\" id=\"" + id + "\" role=\"" + role + "\"><strong>"
                + HtmlUtils.htmlEscape(title) + "</strong><p>" + HtmlUtils.htmlEscape(text) + "</p></div>";
    }
}
