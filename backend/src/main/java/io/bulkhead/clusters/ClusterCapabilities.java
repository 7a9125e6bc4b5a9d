package io.bulkhead.clusters;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a cluster's API server offers the tiers, as the last probe found it.
 *
 * @param serverVersion the API server's version ({@code v1.33.1}), null before the first successful probe
 * @param podSecurityAdmission whether Pod Security admission checks namespace labels (it refused an invalid level
 *     in a server-side dry-run); null when it could not be told
 * @param validatingAdmissionPolicy whether the API serves {@code admissionregistration.k8s.io/v1}
 *     ValidatingAdmissionPolicies (the tiers' admission rules need them); null when it could not be told
 * @param runtimeClasses the RuntimeClasses present (sandboxed tiers need theirs)
 * @param probedAt when the capabilities were last probed, null if never
 */
public record ClusterCapabilities(
        @Nullable String serverVersion,
        @Nullable Boolean podSecurityAdmission,
        @Nullable Boolean validatingAdmissionPolicy,
        List<String> runtimeClasses,
        @Nullable Instant probedAt) {

    public ClusterCapabilities {
        runtimeClasses = List.copyOf(runtimeClasses);
    }
}
