package io.bulkhead.compliance.internal;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the namespace-level controls look at, and the tier settings the workload controls need. Built from the
 * inventory's observation of the namespace, the namespace's tier version and provisioning's object status.
 *
 * @param expectedEnforce the tier's Pod Security enforce level ({@code baseline}/{@code restricted})
 * @param enforceLabel the live {@code pod-security.kubernetes.io/enforce} label, null when absent
 * @param drift null when every desired object is applied, else what is not
 * @param allowedRegistries the tier's registry prefixes; empty = any registry
 * @param runtimeClasses the tier's allowed RuntimeClasses; empty = none required
 * @param serviceAccountAutomount service account → whether it mounts its token by default
 * @param wideningNetworkPolicies what NetworkPolicies not made by Bulkhead open beyond the tier, one line each
 *     (e.g. {@code allow-all: egress to anywhere}); empty when they open nothing the tier does not
 */
public record NamespaceFacts(
        String cluster,
        String namespace,
        String tier,
        String expectedEnforce,
        @Nullable String enforceLabel,
        boolean resourceQuota,
        boolean limitRange,
        boolean defaultDenyIngress,
        boolean defaultDenyEgress,
        @Nullable String drift,
        List<String> allowedRegistries,
        List<String> runtimeClasses,
        Map<String, Boolean> serviceAccountAutomount,
        List<String> wideningNetworkPolicies) {

    public NamespaceFacts {
        allowedRegistries = List.copyOf(allowedRegistries);
        runtimeClasses = List.copyOf(runtimeClasses);
        serviceAccountAutomount = Map.copyOf(serviceAccountAutomount);
        wideningNetworkPolicies = List.copyOf(wideningNetworkPolicies);
    }

    /** Facts of a namespace where no NetworkPolicy but Bulkhead's opens anything. */
    public NamespaceFacts(
            String cluster,
            String namespace,
            String tier,
            String expectedEnforce,
            @Nullable String enforceLabel,
            boolean resourceQuota,
            boolean limitRange,
            boolean defaultDenyIngress,
            boolean defaultDenyEgress,
            @Nullable String drift,
            List<String> allowedRegistries,
            List<String> runtimeClasses,
            Map<String, Boolean> serviceAccountAutomount) {
        this(
                cluster,
                namespace,
                tier,
                expectedEnforce,
                enforceLabel,
                resourceQuota,
                limitRange,
                defaultDenyIngress,
                defaultDenyEgress,
                drift,
                allowedRegistries,
                runtimeClasses,
                serviceAccountAutomount,
                List.of());
    }
}
