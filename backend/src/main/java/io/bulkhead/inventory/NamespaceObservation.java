package io.bulkhead.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the inventory saw of a namespace itself: its labels and the namespace-level objects compliance checks.
 *
 * @param resourceQuotas names of ResourceQuotas
 * @param limitRanges names of LimitRanges
 * @param defaultDenyIngress a NetworkPolicy selects every pod ({@code podSelector: {}}) for Ingress with no rule
 *     allowing all traffic
 * @param defaultDenyEgress the same for Egress
 * @param serviceAccountAutomount service account name → {@code automountServiceAccountToken} (true when unset)
 * @param tenantNetworkPolicyPeers the rule peers of NetworkPolicies Bulkhead did not make, by policy name and order
 */
public record NamespaceObservation(
        String cluster,
        String namespace,
        Map<String, String> labels,
        List<String> resourceQuotas,
        List<String> limitRanges,
        boolean defaultDenyIngress,
        boolean defaultDenyEgress,
        Map<String, Boolean> serviceAccountAutomount,
        Instant observedAt,
        List<NetworkPolicyPeer> tenantNetworkPolicyPeers) {

    public NamespaceObservation {
        labels = Map.copyOf(labels);
        resourceQuotas = List.copyOf(resourceQuotas);
        limitRanges = List.copyOf(limitRanges);
        serviceAccountAutomount = Map.copyOf(serviceAccountAutomount);
        tenantNetworkPolicyPeers = List.copyOf(tenantNetworkPolicyPeers);
    }

    /** An observation without NetworkPolicies made by others than Bulkhead. */
    public NamespaceObservation(
            String cluster,
            String namespace,
            Map<String, String> labels,
            List<String> resourceQuotas,
            List<String> limitRanges,
            boolean defaultDenyIngress,
            boolean defaultDenyEgress,
            Map<String, Boolean> serviceAccountAutomount,
            Instant observedAt) {
        this(
                cluster,
                namespace,
                labels,
                resourceQuotas,
                limitRanges,
                defaultDenyIngress,
                defaultDenyEgress,
                serviceAccountAutomount,
                observedAt,
                List.of());
    }
}
