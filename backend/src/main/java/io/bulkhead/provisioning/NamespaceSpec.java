package io.bulkhead.provisioning;

import java.util.List;
import java.util.Objects;

/**
 * Everything the renderer needs about one namespace: where it lives, whose it is, and which tier version, quota
 * preset and egress allowlist it runs with.
 *
 * @param cluster the registered cluster's name
 * @param name the namespace name (DNS label)
 * @param team the owning team's id (used as a label value)
 * @param teamGroup the team's OIDC group, bound to the tier's team ClusterRole
 * @param tier the tier name
 * @param tierVersion the tier version the namespace is provisioned with
 * @param quotaPreset a preset name of that tier version
 * @param egress the egress allowlist, in the order given
 * @param exemptions the approved exceptions in force (empty: exactly the tier)
 */
public record NamespaceSpec(
        String cluster,
        String name,
        String team,
        String teamGroup,
        String tier,
        int tierVersion,
        String quotaPreset,
        List<EgressRule> egress,
        List<Exemption> exemptions) {

    public NamespaceSpec {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(teamGroup, "teamGroup");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(quotaPreset, "quotaPreset");
        egress = List.copyOf(egress);
        exemptions = List.copyOf(exemptions);
    }

    /** A namespace with no exemptions: exactly its tier. */
    public NamespaceSpec(
            String cluster,
            String name,
            String team,
            String teamGroup,
            String tier,
            int tierVersion,
            String quotaPreset,
            List<EgressRule> egress) {
        this(cluster, name, team, teamGroup, tier, tierVersion, quotaPreset, egress, List.of());
    }

    /** The same namespace with these exemptions in force. */
    public NamespaceSpec withExemptions(List<Exemption> in) {
        return new NamespaceSpec(cluster, name, team, teamGroup, tier, tierVersion, quotaPreset, egress, in);
    }
}
