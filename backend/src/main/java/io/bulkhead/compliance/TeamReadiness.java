package io.bulkhead.compliance;

/**
 * How many of a team's live namespaces are ready for a tier: nothing would fail if they moved there (see
 * {@link TierReadiness}).
 *
 * @param team the team
 * @param tier the target tier
 * @param namespaces the team's live namespaces (those whose workloads could be evaluated)
 * @param ready how many of them nothing would fail in
 */
public record TeamReadiness(String team, String tier, int namespaces, int ready) {

    /** The share of ready namespaces, 0 to 100 (0 for a team without namespaces). */
    public int percentReady() {
        return namespaces == 0 ? 0 : (int) Math.round(100.0 * ready / namespaces);
    }
}
