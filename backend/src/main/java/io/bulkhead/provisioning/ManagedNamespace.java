package io.bulkhead.provisioning;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A namespace Bulkhead manages (or was asked to), with its desired state and where it is in its life. */
public record ManagedNamespace(
        UUID id,
        String cluster,
        String name,
        String team,
        String tier,
        int tierVersion,
        String quotaPreset,
        List<EgressRule> egress,
        String purpose,
        NamespaceState state,
        @Nullable String stateReason,
        boolean needsReview,
        @Nullable String reviewReason,
        String requestedBy,
        String requestedByName,
        Instant requestedAt,
        @Nullable String decidedBy,
        @Nullable String decidedByName,
        @Nullable Instant decidedAt,
        @Nullable String decisionComment,
        long generation,
        long appliedGeneration,
        @Nullable Instant lastReconciledAt,
        Instant updatedAt,
        int version) {}
