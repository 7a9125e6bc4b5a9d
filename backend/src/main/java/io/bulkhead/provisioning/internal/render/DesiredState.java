package io.bulkhead.provisioning.internal.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * What one namespace should look like in its cluster.
 *
 * @param namespaceObjects the Namespace first, then the objects inside it (ResourceQuota, LimitRange,
 *     NetworkPolicies, RoleBindings, ServiceAccount); all carry the {@code bulkhead.io/namespace} label, so they can
 *     be pruned per namespace
 * @param clusterPolicies cluster-scoped objects shared by every namespace of the same tier version (a
 *     ValidatingAdmissionPolicy and its binding per admission rule); they carry the tier labels but no namespace
 *     label and must not be pruned with one namespace
 */
public record DesiredState(List<HasMetadata> namespaceObjects, List<HasMetadata> clusterPolicies) {

    public DesiredState {
        namespaceObjects = List.copyOf(namespaceObjects);
        clusterPolicies = List.copyOf(clusterPolicies);
    }

    /** Every object in apply order: the Namespace, the namespaced objects, then the cluster-scoped policies. */
    public List<HasMetadata> all() {
        List<HasMetadata> all = new ArrayList<>(namespaceObjects);
        all.addAll(clusterPolicies);
        return List.copyOf(all);
    }

    /** The {@link ObjectKeys#key(HasMetadata) keys} of {@link #all()}, in the same order. */
    public List<String> keys() {
        return all().stream().map(ObjectKeys::key).toList();
    }
}
