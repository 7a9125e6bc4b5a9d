package io.bulkhead.provisioning;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One desired object of a namespace and what the last apply found. */
public record ObjectStatus(
        String key,
        String apiVersion,
        String kind,
        @Nullable String namespace,
        String name,
        String status,
        @Nullable String message,
        @Nullable String resourceVersion,
        Instant updatedAt) {}
