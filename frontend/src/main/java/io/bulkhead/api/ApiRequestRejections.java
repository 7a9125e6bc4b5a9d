package io.bulkhead.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request Spring Security's firewall refuses (an encoded '%', a '//' or a control character in the path) gets a
 * 400 problem detail on the API, as every other bad request there does; elsewhere the usual bare 400.
 */
@Configuration(proxyBeanMethods = false)
class ApiRequestRejections {

    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        RequestRejectedHandler usual = new HttpStatusRequestRejectedHandler();
        JsonMapper json = JsonMapper.builder().build();
        return (HttpServletRequest request, HttpServletResponse response, RequestRejectedException e) -> {
            String uri = request.getRequestURI();
            if (uri == null || !uri.startsWith(request.getContextPath() + "/api/")) {
                usual.handle(request, response, e);
                return;
            }
            ProblemDetail p = ProblemDetail.forStatusAndDetail(
                    HttpStatus.BAD_REQUEST, "The request's path has characters that are not accepted.");
            p.setType(ApiProblemWriter.TYPE_BASE.resolve("invalid-request"));
            response.setStatus(400);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            try {
                response.getOutputStream().write(json.writeValueAsBytes(p));
            } catch (IOException io) {
                throw new java.io.UncheckedIOException(io);
            }
        };
    }
}
