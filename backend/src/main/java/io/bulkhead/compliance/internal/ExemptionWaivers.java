package io.bulkhead.compliance.internal;

import io.bulkhead.compliance.Waiver;
import io.bulkhead.provisioning.Exemption;
import io.bulkhead.tiers.TierBundle;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which compliance controls an approved exception (a provisioning {@link Exemption}) waives. Egress and quota
 * exceptions waive nothing: the namespace's default deny and quota stay in place.
 */
public final class ExemptionWaivers {
    static final Map<String, List<String>> CONTROLS = Map.of(
            Exemption.PSA_LEVEL,
            List.of("ns-pod-security-labels"),
            Exemption.ADMISSION_PREFIX + TierBundle.ImageDigestAndRegistry.KEY,
            List.of("img-digest", "img-allowed-registry"),
            Exemption.ADMISSION_PREFIX + TierBundle.ReadOnlyRootFilesystem.KEY,
            List.of("nsa-read-only-root-fs"),
            Exemption.ADMISSION_PREFIX + TierBundle.ResourceLimits.KEY,
            List.of("nsa-resource-limits"),
            Exemption.ADMISSION_PREFIX + TierBundle.RequireRuntimeClass.KEY,
            List.of("tier-runtime-class"));

    private ExemptionWaivers() {}

    public static Set<Waiver> from(List<Exemption> exemptions) {
        Set<Waiver> out = new LinkedHashSet<>();
        for (Exemption e : exemptions) {
            for (String control : CONTROLS.getOrDefault(e.control(), List.of())) {
                if (e.workloads().isEmpty()) {
                    out.add(Waiver.namespace(control));
                } else {
                    e.workloads().forEach(w -> out.add(new Waiver(control, null, w)));
                }
            }
        }
        return out;
    }
}
