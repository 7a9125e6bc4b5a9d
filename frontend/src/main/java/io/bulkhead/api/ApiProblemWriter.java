package io.bulkhead.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes RFC 9457 problem details from the security filters (401, 403, 429), where no controller advice runs. */
@Component
class ApiProblemWriter {
    static final URI TYPE_BASE = URI.create("https://bulkhead.io/problems/");

    private final JsonMapper json = JsonMapper.builder().build();

    void unauthorized(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"bulkhead\"");
        write(
                request,
                response,
                HttpStatus.UNAUTHORIZED,
                "unauthenticated",
                "Send 'Authorization: Bearer <token>' with a personal access token or a JWT of the identity provider;"
                        + " the one sent is missing, unknown, expired or revoked.");
    }

    void forbidden(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(
                request,
                response,
                HttpStatus.FORBIDDEN,
                "insufficient-scope",
                "The token's scopes do not allow this request (reads need 'read'; changes need 'namespaces',"
                        + " 'exceptions' or 'admin').");
    }

    void tooManyRequests(HttpServletRequest request, HttpServletResponse response, long retryAfterSeconds)
            throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        write(
                request,
                response,
                HttpStatus.TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many requests; try again in " + retryAfterSeconds + " s.");
    }

    private void write(
            HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type, String detail)
            throws IOException {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(TYPE_BASE.resolve(type));
        p.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(p));
    }
}
