package io.bulkhead.provisioning.internal.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The desired state of a quarantined namespace, derived purely from its normal desired state: every NetworkPolicy
 * that allows something is withheld and a deny-all policy of Bulkhead's stands beside the tier's default deny (no
 * ingress, no egress, DNS included); the team's binding (edit or admin) is replaced by a view binding of the same
 * groups; the Namespace carries the {@value #QUARANTINED_LABEL} label. Everything else (quota, limits, viewer
 * bindings, service account, admission policies) stays as it was, so releasing renders exactly the objects of
 * before.
 */
public final class Quarantined {
    /** Bulkhead's deny-all NetworkPolicy of a quarantined namespace. */
    public static final String DENY_ALL = "bulkhead-quarantine-deny-all";
    /** The view binding that stands in for the team's binding while quarantined. */
    public static final String TEAM_VIEW = "bulkhead-quarantine-team-view";
    /** Label of a quarantined Namespace (value {@code "true"}). */
    public static final String QUARANTINED_LABEL = "bulkhead.io/quarantined";

    private static final String TEAM_BINDING_PREFIX = "bulkhead-team-";

    private Quarantined() {}

    /** {@code state} as it is while the namespace is quarantined. */
    public static DesiredState apply(DesiredState state) {
        List<HasMetadata> out = new ArrayList<>();
        for (HasMetadata o : state.namespaceObjects()) {
            switch (o) {
                case Namespace n -> out.add(labelled(n));
                case NetworkPolicy p -> {
                    if (p.getMetadata().getName().equals(TierRenderer.DEFAULT_DENY)) {
                        out.add(p);
                        out.add(denyAll(p));
                    }
                    // every other policy of Bulkhead's allows something: withheld while quarantined
                }
                case RoleBinding b when b.getMetadata().getName().startsWith(TEAM_BINDING_PREFIX) -> out.add(view(b));
                default -> out.add(o);
            }
        }
        return new DesiredState(out, state.clusterPolicies());
    }

    private static Namespace labelled(Namespace n) {
        Map<String, String> labels = new TreeMap<>(n.getMetadata().getLabels());
        labels.put(QUARANTINED_LABEL, "true");
        return new NamespaceBuilder(n)
                .editMetadata()
                .withLabels(labels)
                .endMetadata()
                .build();
    }

    /** Denies all ingress and egress of every pod; same metadata labels as the tier's default deny. */
    private static NetworkPolicy denyAll(NetworkPolicy defaultDeny) {
        return new NetworkPolicyBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(DENY_ALL)
                        .withNamespace(defaultDeny.getMetadata().getNamespace())
                        .withLabels(new TreeMap<>(defaultDeny.getMetadata().getLabels()))
                        .build())
                .withNewSpec()
                .withPodSelector(new LabelSelectorBuilder().build())
                .withPolicyTypes("Ingress", "Egress")
                .endSpec()
                .build();
    }

    /** The team's groups bound to the built-in view ClusterRole. */
    private static RoleBinding view(RoleBinding team) {
        return new RoleBindingBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(TEAM_VIEW)
                        .withNamespace(team.getMetadata().getNamespace())
                        .withLabels(new TreeMap<>(team.getMetadata().getLabels()))
                        .build())
                .withSubjects(team.getSubjects())
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName("view")
                .endRoleRef()
                .build();
    }
}
