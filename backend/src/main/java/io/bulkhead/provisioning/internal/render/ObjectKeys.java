package io.bulkhead.provisioning.internal.render;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Stable identity of a Kubernetes object across renders and applies. */
public final class ObjectKeys {
    private ObjectKeys() {}

    /**
     * {@code apiVersion/kind/namespace/name}, with an empty namespace for cluster-scoped objects, e.g.
     * {@code networking.k8s.io/v1/NetworkPolicy/team-a-dev/bulkhead-default-deny} or
     * {@code v1/Namespace//team-a-dev}.
     */
    public static String key(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return o.getApiVersion() + "/" + o.getKind() + "/" + (ns == null ? "" : ns) + "/"
                + o.getMetadata().getName();
    }
}
