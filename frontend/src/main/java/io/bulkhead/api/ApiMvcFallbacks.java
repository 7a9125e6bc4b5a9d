package io.bulkhead.api;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Errors Spring MVC raises before any controller is chosen (a method or content type no endpoint takes, a path no
 * endpoint has): no controller-scoped advice sees them, so this one turns them into problem details on the API and
 * leaves every other path to the usual error page.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiMvcFallbacks {

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request)
            throws HttpRequestMethodNotSupportedException {
        if (!api(request)) {
            throw e;
        }
        return ApiProblems.problem(
                HttpStatus.METHOD_NOT_ALLOWED, "invalid-request", "This method is not allowed here.", null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request)
            throws HttpMediaTypeNotSupportedException {
        if (!api(request)) {
            throw e;
        }
        return ApiProblems.problem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid-request", "This content type is not accepted here.", null);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noEndpoint(NoResourceFoundException e, HttpServletRequest request)
            throws NoResourceFoundException {
        if (!api(request)) {
            throw e;
        }
        return ApiProblems.problem(HttpStatus.NOT_FOUND, "not-found", "No such endpoint.", null);
    }

    private static boolean api(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }
}
