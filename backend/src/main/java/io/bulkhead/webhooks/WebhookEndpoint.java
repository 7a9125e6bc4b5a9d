package io.bulkhead.webhooks;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A configured webhook endpoint as its managers see it (never the secret).
 *
 * @param team the owning team, or null for a platform endpoint (admins; receives every team's events)
 * @param scoreThreshold for {@link PortalEventType#SCORE_DROPPED}: a score falling below this (0–100) is sent
 */
public record WebhookEndpoint(
        UUID id,
        @Nullable String team,
        String name,
        String url,
        WebhookFormat format,
        Set<PortalEventType> events,
        int scoreThreshold,
        boolean enabled,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {

    public WebhookEndpoint {
        events = Set.copyOf(events);
    }

    /** Whether this endpoint wants the event: subscribed to its type, and its team's (platform endpoints: any). */
    public boolean wants(PortalEvent e) {
        return enabled && events.contains(e.type()) && (team == null || team.equals(e.team()));
    }
}
