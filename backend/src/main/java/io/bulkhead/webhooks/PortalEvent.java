package io.bulkhead.webhooks;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened in the portal that people want to hear about outside it. Published as a Spring
 * application event once the change is committed; webhooks and e-mail both listen.
 *
 * @param team the team the event concerns; team endpoints and team members receive only their team's events
 * @param summary one sentence for people (chat messages, mail subjects)
 * @param data the event's facts for machines (state, reviewer comment, score...), JSON-ready values only
 */
public record PortalEvent(
        UUID id,
        PortalEventType type,
        Instant occurredAt,
        @Nullable String team,
        @Nullable String cluster,
        @Nullable String namespace,
        @Nullable String targetType,
        @Nullable String targetId,
        String actor,
        String summary,
        Map<String, Object> data) {

    public PortalEvent {
        data = Map.copyOf(data);
    }
}
