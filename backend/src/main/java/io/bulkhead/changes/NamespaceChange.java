package io.bulkhead.changes;

import io.bulkhead.provisioning.DesiredSettings;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A change request of a namespace, from request to apply (or rejection, withdrawal, failure).
 *
 * @param before the namespace's settings when it was asked for
 * @param after the settings asked for
 * @param preview what the requester (and the reviewer) saw
 * @param targetGeneration the namespace generation that carries the change, once approved
 */
public record NamespaceChange(
        UUID id,
        UUID namespaceId,
        String team,
        String cluster,
        String namespace,
        ChangeKind kind,
        DesiredSettings before,
        DesiredSettings after,
        ChangePreview preview,
        String reason,
        boolean acknowledged,
        @Nullable String reviewReason,
        ChangeState state,
        @Nullable String stateReason,
        String requestedBy,
        String requestedByName,
        Instant requestedAt,
        @Nullable String decidedBy,
        @Nullable String decidedByName,
        @Nullable Instant decidedAt,
        @Nullable String decisionComment,
        @Nullable Long targetGeneration,
        @Nullable Instant appliedAt,
        Instant updatedAt,
        int version) {

    /** One line for lists: "Tier move baseline → restricted". */
    public String summary() {
        return switch (kind) {
            case TIER_MOVE -> "Tier move " + before.tier() + " → " + after.tier();
            case QUOTA ->
                "Quota " + io.bulkhead.provisioning.QuotaValues.label(before.quotaPreset()) + " → "
                        + io.bulkhead.provisioning.QuotaValues.label(after.quotaPreset());
            case EGRESS ->
                "Egress allowlist: " + before.egress().size() + " → "
                        + after.egress().size() + " entries";
            case OWNERSHIP -> "Ownership";
        };
    }
}
