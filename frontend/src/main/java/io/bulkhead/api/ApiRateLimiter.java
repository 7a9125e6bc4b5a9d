package io.bulkhead.api;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-token and per-user request limits on the API (Bucket4j token buckets, refilled every minute): a request over
 * either gets 429 with {@code Retry-After}. Runs after bearer authentication inside the API chain only (never as a
 * servlet filter of its own: it is not a bean, so Boot does not register it); unauthenticated requests are refused by
 * the chain before they count.
 */
class ApiRateLimiter extends OncePerRequestFilter {
    private static final int MAX_KEYS = 10_000;

    private final ApiProperties props;
    private final ApiProblemWriter problems;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_KEYS;
        }
    };

    ApiRateLimiter(ApiProperties props, ApiProblemWriter problems) {
        this.props = props;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof ApiAuthentication auth) {
            long wait = 0;
            if (auth.tokenId() != null) {
                wait = consume("token:" + auth.tokenId(), props.rateLimitPerToken());
            }
            if (wait == 0) {
                wait = consume("user:" + auth.subject(), props.rateLimitPerUser());
            }
            if (wait > 0) {
                problems.tooManyRequests(request, response, Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait) + 1));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** Takes one request from the key's bucket; 0 when allowed, otherwise nanoseconds until one is available. */
    private long consume(String key, int perMinute) {
        Bucket b;
        synchronized (buckets) {
            b = buckets.computeIfAbsent(
                    key,
                    k -> Bucket.builder()
                            .addLimit(Bandwidth.builder()
                                    .capacity(perMinute)
                                    .refillGreedy(perMinute, Duration.ofMinutes(1))
                                    .build())
                            .build());
        }
        var probe = b.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill();
    }
}
