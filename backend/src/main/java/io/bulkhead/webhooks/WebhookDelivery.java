package io.bulkhead.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One event sent (or being sent) to one endpoint, with every try: the endpoint's delivery log.
 *
 * @param state PENDING (waiting for its next try), DELIVERED (a 2xx answer) or FAILED (out of tries)
 */
public record WebhookDelivery(
        UUID id,
        UUID endpointId,
        PortalEventType eventType,
        UUID eventId,
        String state,
        int attempts,
        Instant createdAt,
        @Nullable Instant nextTryAt,
        @Nullable Instant finishedAt,
        List<Attempt> tries) {

    public WebhookDelivery {
        tries = List.copyOf(tries);
    }

    /** The HTTP status of the latest try, if it got an answer. */
    public @Nullable Integer lastStatus() {
        return tries.isEmpty() ? null : tries.getLast().statusCode();
    }

    /** One try: the receiver's HTTP status, or the error when there was no answer. */
    public record Attempt(
            int attempt,
            Instant at,
            @Nullable Integer statusCode,
            @Nullable String error,
            int durationMs) {}
}
