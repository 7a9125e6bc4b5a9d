package io.bulkhead.clusters;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** What screens show of a cluster. Never carries credentials. */
public record ClusterSummary(
        UUID id,
        String name,
        String displayName,
        @Nullable String apiUrl,
        String connectionKind,
        String status,
        @Nullable String statusReason,
        @Nullable String serverVersion,
        List<String> runtimeClasses,
        @Nullable Instant lastProbeAt) {}
