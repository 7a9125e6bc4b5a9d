package io.bulkhead.provisioning;

import java.util.List;
import java.util.Map;

/**
 * What a namespace that exists in a cluster holds now, for the review of its adoption: the reviewer sees who already
 * has access and what network policies are in force before Bulkhead takes it over.
 *
 * @param name the namespace name
 * @param labels its labels now (Pod Security labels included)
 * @param managed true when it already carries a Bulkhead owner annotation (then it cannot be adopted)
 * @param roleBindings each RoleBinding as {@code name → role: subjects}
 * @param networkPolicies the names of its NetworkPolicies
 * @param pods how many pods run in it
 */
public record ExistingNamespace(
        String name,
        Map<String, String> labels,
        boolean managed,
        List<String> roleBindings,
        List<String> networkPolicies,
        int pods) {

    public ExistingNamespace {
        labels = Map.copyOf(labels);
        roleBindings = List.copyOf(roleBindings);
        networkPolicies = List.copyOf(networkPolicies);
    }
}
