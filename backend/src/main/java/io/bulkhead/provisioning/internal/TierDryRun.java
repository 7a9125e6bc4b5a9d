package io.bulkhead.provisioning.internal;

import io.bulkhead.clusters.internal.kube.ClusterClients;
import io.bulkhead.provisioning.NamespaceSpec;
import io.bulkhead.provisioning.internal.render.DesiredState;
import io.bulkhead.provisioning.internal.render.TierRenderer;
import io.bulkhead.tiers.TierBundle;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Proves a tier version before it is published: renders it for a sample namespace and server-side applies every
 * object with {@code dryRun=All} on a cluster, so the API server's own validation (schemas, CEL compilation of
 * the admission policies) accepts or rejects it without anything being stored. Namespaced objects are tried in
 * the {@code default} namespace, because a dry-run Namespace is never created.
 */
@Component
public class TierDryRun {
    private final TierRenderer renderer;
    private final ClusterClients clients;
    private final Applier applier;

    TierDryRun(TierRenderer renderer, ClusterClients clients, Applier applier) {
        this.applier = applier;
        this.renderer = renderer;
        this.clients = clients;
    }

    /** Problems found on that cluster (empty = every object accepted). */
    public List<String> check(TierBundle bundle, int version, String cluster) {
        DesiredState desired = renderer.render(
                bundle,
                new NamespaceSpec(
                        cluster,
                        "bulkhead-dry-run",
                        "dry-run",
                        "bulkhead-dry-run",
                        bundle.name(),
                        version,
                        bundle.defaultQuotaPreset(),
                        List.of()));
        KubernetesClient client = clients.forCluster(cluster);
        List<String> problems = new ArrayList<>();
        for (HasMetadata o : desired.all()) {
            HasMetadata copy = Serialization.clone(o);
            if (copy.getMetadata().getNamespace() != null) {
                copy.getMetadata().setNamespace("default");
            }
            try {
                applier.dryRun(client, copy);
            } catch (KubernetesClientException e) {
                problems.add(o.getKind() + " " + o.getMetadata().getName() + ": " + Applier.explain(e));
            }
        }
        return problems;
    }
}
