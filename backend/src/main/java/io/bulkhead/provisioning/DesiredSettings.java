package io.bulkhead.provisioning;

import java.util.List;
import java.util.Objects;

/**
 * The settings of a namespace a team can change after it exists: its tier (and version), quota preset and egress
 * allowlist. The rest of the desired state follows from these by rendering.
 */
public record DesiredSettings(String tier, int tierVersion, String quotaPreset, List<EgressRule> egress) {

    public DesiredSettings {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(quotaPreset, "quotaPreset");
        egress = List.copyOf(egress);
    }

    /** What a namespace runs with now (its desired state). */
    public static DesiredSettings of(ManagedNamespace ns) {
        return new DesiredSettings(ns.tier(), ns.tierVersion(), ns.quotaPreset(), ns.egress());
    }

    /** The namespace record with these settings (for rendering what it would become; nothing is stored). */
    public ManagedNamespace applyTo(ManagedNamespace ns) {
        return new ManagedNamespace(
                ns.id(),
                ns.cluster(),
                ns.name(),
                ns.team(),
                tier,
                tierVersion,
                quotaPreset,
                egress,
                ns.purpose(),
                ns.state(),
                ns.stateReason(),
                ns.needsReview(),
                ns.reviewReason(),
                ns.requestedBy(),
                ns.requestedByName(),
                ns.requestedAt(),
                ns.decidedBy(),
                ns.decidedByName(),
                ns.decidedAt(),
                ns.decisionComment(),
                ns.generation(),
                ns.appliedGeneration(),
                ns.lastReconciledAt(),
                ns.updatedAt(),
                ns.version());
    }
}
