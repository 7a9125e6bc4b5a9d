package io.bulkhead.compliance;

import java.util.List;

/**
 * What would fail if a namespace moved to another tier: its live workloads evaluated with the target tier's
 * controls and Pod Security profile (the same engine, the target's level and version). Namespace-level controls are
 * left out: a tier move renders the namespace's own objects anew.
 *
 * @param tier the target tier
 * @param tierVersion the target tier's version evaluated (its latest)
 * @param podSecurity the target's Pod Security profile, e.g. {@code restricted:latest}
 * @param failing the workload findings that would fail there (the target's promised controls)
 * @param ready no finding would fail
 */
public record TierReadiness(String tier, int tierVersion, String podSecurity, List<Finding> failing, boolean ready) {

    public TierReadiness {
        failing = List.copyOf(failing);
    }
}
