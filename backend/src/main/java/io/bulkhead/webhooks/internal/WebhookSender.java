package io.bulkhead.webhooks.internal;

import io.bulkhead.platform.CredentialCipher;
import io.bulkhead.webhooks.WebhookEndpoint;
import io.bulkhead.webhooks.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One try of one delivery: checks the endpoint's URL again (its host's current addresses), signs the stored body
 * afresh, POSTs it without following redirects, and records the answer. A 2xx is delivered; anything else (another
 * status, a redirect, a time-out, a refused address) is retried with exponential backoff
 * ({@code bulkhead.webhooks.retry-base} doubling per try, at most {@code retry-max-delay}) until
 * {@code bulkhead.webhooks.max-attempts} tries were made; then the delivery is FAILED.
 */
@Component
public class WebhookSender {
    static final String USER_AGENT = "Bulkhead-Webhooks/1";
    private final WebhookStore store;
    private final UrlPolicy policy;
    private final CredentialCipher cipher;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final int maxAttempts;
    private final Duration retryBase;
    private final Duration retryMaxDelay;
    private final Duration timeout;
    private final HttpClient http;

    WebhookSender(
            WebhookStore store,
            UrlPolicy policy,
            CredentialCipher cipher,
            Clock clock,
            TransactionTemplate tx,
            @Value("${bulkhead.webhooks.max-attempts:8}") int maxAttempts,
            @Value("${bulkhead.webhooks.retry-base:30s}") Duration retryBase,
            @Value("${bulkhead.webhooks.retry-max-delay:1h}") Duration retryMaxDelay,
            @Value("${bulkhead.webhooks.timeout:10s}") Duration timeout) {
        this.store = store;
        this.policy = policy;
        this.cipher = cipher;
        this.clock = clock;
        this.tx = tx;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.retryBase = retryBase;
        this.retryMaxDelay = retryMaxDelay;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
    }

    /** The delay before try {@code n + 1} after try {@code n} failed: base × 2^(n−1), capped. */
    static Duration backoff(Duration base, Duration max, int n) {
        Duration d = base.multipliedBy(1L << Math.min(Math.max(n - 1, 0), 20));
        return d.compareTo(max) > 0 ? max : d;
    }

    /** Thrown after a failed try that will be retried, so the scheduler reschedules the task at its next try. */
    static final class RetryLater extends RuntimeException {
        RetryLater(String message) {
            super(message, null, false, false);
        }
    }

    /** Makes one try if the delivery is still pending. Throws {@link RetryLater} when another try is due later. */
    public void attempt(UUID deliveryId) {
        Optional<WebhookStore.Pending> found = store.pending(deliveryId);
        if (found.isEmpty() || !found.get().state().equals("PENDING")) {
            return;
        }
        WebhookStore.Pending p = found.get();
        Optional<WebhookStore.Stored> ep = store.stored(p.endpointId());
        if (ep.isEmpty()) {
            return;
        }
        WebhookEndpoint e = ep.get().endpoint();
        int n = p.attempts() + 1;
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        Integer status = null;
        String error = null;
        Optional<String> refusal = policy.deliveryRefusal(e.url(), e.team() != null);
        if (refusal.isPresent()) {
            error = "Refused: " + refusal.get();
        } else {
            try {
                String secret = cipher.decrypt(
                        WebhookSecrets.associatedData(e.id()), ep.get().secretEncrypted());
                HttpRequest request = HttpRequest.newBuilder(URI.create(e.url()))
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .header("User-Agent", USER_AGENT)
                        .header("Bulkhead-Event", p.type().wireName())
                        .header("Bulkhead-Delivery", p.id().toString())
                        .header(WebhookSignature.HEADER, WebhookSignature.header(secret, clock.instant(), p.body()))
                        .POST(HttpRequest.BodyPublishers.ofString(p.body()))
                        .build();
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                status = response.statusCode();
                if (status >= 300 && status < 400) {
                    error = "Redirect not followed";
                }
            } catch (HttpTimeoutException ex) {
                error = "Timed out after " + timeout.toSeconds() + " s";
            } catch (IOException ex) {
                error = "Connection failed: "
                        + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                error = "Interrupted";
            } catch (RuntimeException ex) {
                error = "Not sent: " + ex.getMessage();
            }
        }
        int ms = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - t0) / 1_000_000);
        boolean ok = status != null && status >= 200 && status < 300;
        String state;
        Instant next = null;
        if (ok) {
            state = "DELIVERED";
        } else if (n >= maxAttempts) {
            state = "FAILED";
        } else {
            state = "PENDING";
            next = clock.instant().plus(backoff(retryBase, retryMaxDelay, n));
        }
        final Integer s = status;
        final String err = error == null ? null : truncate(error);
        final Instant nextTry = next;
        tx.executeWithoutResult(x -> store.recordAttempt(deliveryId, n, start, s, err, ms, state, nextTry));
        if (nextTry != null) {
            throw new RetryLater("Webhook delivery " + deliveryId + " try " + n + " failed ("
                    + (s == null ? err : "HTTP " + s) + "); next try at " + nextTry);
        }
    }

    private static @Nullable String truncate(@Nullable String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
