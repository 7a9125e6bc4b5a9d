package io.bulkhead.api;

import io.bulkhead.platform.ValidationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the API as an RFC 9457 problem detail ({@code application/problem+json}), never a stack trace:
 * the facades' field messages (the UI's own) listed by field under {@code errors}; "no such id" as 404; a decision
 * that lost a race or came too late as 409; refusals as 403 without other teams' data; unexpected failures as a bare
 * 500 with nothing of the cause (it is logged).
 */
@RestControllerAdvice(basePackageClasses = ApiProblems.class)
class ApiProblems extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    /** A resource that does not exist or that the caller may not see (the two are never told apart). */
    static final class NotFound extends RuntimeException {
        NotFound(String what) {
            super(what);
        }
    }

    /** {@code If-Match} named another version than the current one. */
    static final class PreconditionFailed extends RuntimeException {
        PreconditionFailed(String message) {
            super(message);
        }
    }

    /** A well-formed request that conflicts with the current state (e.g. a changed declarative body). */
    static final class Conflict extends RuntimeException {
        final Map<String, String> fields;

        Conflict(String message, Map<String, String> fields) {
            super(message);
            this.fields = fields;
        }
    }

    /** Bad input found by the API layer itself (a parameter, a cursor, a body it could not read). */
    static ValidationException invalid(String field, String message) {
        return new ValidationException(Map.of(field, message));
    }

    @ExceptionHandler(ValidationException.class)
    ResponseEntity<ProblemDetail> validation(ValidationException e) {
        Map<String, String> fields = e.fieldErrors();
        if (fields.size() == 1 && fields.containsKey("id")) {
            return problem(HttpStatus.NOT_FOUND, "not-found", fields.get("id"), null);
        }
        if (fields.containsKey("state")) {
            return problem(HttpStatus.CONFLICT, "conflict", fields.get("state"), fields);
        }
        return problem(HttpStatus.BAD_REQUEST, "invalid-input", "The request has invalid fields.", fields);
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<ProblemDetail> notFound(NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage(), null);
    }

    @ExceptionHandler(PreconditionFailed.class)
    ResponseEntity<ProblemDetail> precondition(PreconditionFailed e) {
        return problem(HttpStatus.PRECONDITION_FAILED, "version-mismatch", e.getMessage(), null);
    }

    @ExceptionHandler(Conflict.class)
    ResponseEntity<ProblemDetail> conflict(Conflict e) {
        return problem(HttpStatus.CONFLICT, "changes-not-supported", e.getMessage(), e.fields);
    }

    @ExceptionHandler(io.bulkhead.identity.AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(io.bulkhead.identity.AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed to " + e.action() + ".", null);
    }

    @ExceptionHandler(org.springframework.security.access.AccessDeniedException.class)
    ResponseEntity<ProblemDetail> deniedOther(org.springframework.security.access.AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed.", null);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "invalid-input",
                "The request has invalid fields.",
                Map.of(e.getName(), "Not a valid value for '" + e.getName() + "'."));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegal(IllegalArgumentException e) {
        // the facades' own argument checks (paging bounds); their messages are written for users
        return problem(HttpStatus.BAD_REQUEST, "invalid-input", e.getMessage(), null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("API request failed", e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal",
                "The request could not be completed; it was logged.",
                null);
    }

    /** Spring MVC's own errors (unreadable body, missing parameter, 405, 415, 404 of a path) as problems too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = switch (ex) {
            case org.springframework.http.converter.HttpMessageNotReadableException x ->
                "The body could not be read: send JSON (or YAML where the endpoint says so) of the documented shape.";
            case org.springframework.web.bind.MissingServletRequestParameterException x ->
                "The parameter '" + x.getParameterName() + "' is required.";
            case org.springframework.web.HttpMediaTypeNotSupportedException x ->
                "This content type is not accepted here.";
            case org.springframework.web.HttpRequestMethodNotSupportedException x -> "This method is not allowed here.";
            case org.springframework.web.servlet.resource.NoResourceFoundException x -> "No such endpoint.";
            default ->
                HttpStatus.resolve(status.value()) == null
                        ? "The request could not be handled."
                        : HttpStatus.resolve(status.value()).getReasonPhrase() + ".";
        };
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(ApiProblemWriter.TYPE_BASE.resolve(status.value() == 404 ? "not-found" : "invalid-request"));
        return ResponseEntity.status(status).headers(headers).body(p);
    }

    static ResponseEntity<ProblemDetail> problem(
            HttpStatus status, String type, @Nullable String detail, @Nullable Map<String, String> fields) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail == null ? status.getReasonPhrase() : detail);
        p.setType(ApiProblemWriter.TYPE_BASE.resolve(type));
        if (fields != null && !fields.isEmpty()) {
            List<Map<String, String>> errors = new ArrayList<>();
            new TreeMap<>(fields).forEach((f, m) -> errors.add(Map.of("field", f, "message", m)));
            p.setProperty("errors", errors);
        }
        return ResponseEntity.status(status)
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(p);
    }

    static URI type(String name) {
        return ApiProblemWriter.TYPE_BASE.resolve(name);
    }
}
