package io.bulkhead.webhooks;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/** What a manager enters for an endpoint (create or change). Validated by {@link Webhooks}. */
public record WebhookForm(
        @Nullable String name,
        @Nullable String url,
        @Nullable WebhookFormat format,
        @Nullable Set<PortalEventType> events,
        @Nullable Integer scoreThreshold,
        boolean enabled) {}
