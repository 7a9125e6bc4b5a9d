package io.bulkhead.provisioning.internal.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.provisioning.EgressRule;
import io.bulkhead.provisioning.Exemption;
import io.bulkhead.provisioning.NamespaceSpec;
import io.bulkhead.tiers.TierBundle;
import io.bulkhead.tiers.TierFixtures;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class QuarantinedTest {
    static final List<String> SHIPPED = TierFixtures.SHIPPED;
    private final TierRenderer renderer = new TierRenderer();

    private DesiredState render(String tier) {
        TierBundle bundle = TierFixtures.shipped(tier);
        return renderer.render(
                bundle,
                new NamespaceSpec(
                                "local",
                                "team-a-dev",
                                "team-a",
                                "oidc:team-a",
                                tier,
                                3,
                                bundle.defaultQuotaPreset(),
                                List.of(new EgressRule("10.1.0.0/16", 443, "TCP")))
                        .withExemptions(List.of(new Exemption(Exemption.EGRESS, "10.2.0.0/16,5432,TCP"))));
    }

    @ParameterizedTest
    @FieldSource("SHIPPED")
    void onlyDenyAllNetworkPoliciesRemainAndNoneAllowsAnything(String tier) {
        DesiredState q = Quarantined.apply(render(tier));
        List<NetworkPolicy> policies = q.namespaceObjects().stream()
                .filter(NetworkPolicy.class::isInstance)
                .map(NetworkPolicy.class::cast)
                .toList();
        assertThat(policies)
                .extracting(p -> p.getMetadata().getName())
                .containsExactly(TierRenderer.DEFAULT_DENY, Quarantined.DENY_ALL);
        for (NetworkPolicy p : policies) {
            assertThat(p.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
            assertThat(p.getSpec().getIngress()).isNullOrEmpty();
            assertThat(p.getSpec().getEgress()).isNullOrEmpty();
            assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
            assertThat(p.getMetadata().getLabels()).containsEntry(TierRenderer.MANAGED_BY, "bulkhead");
        }
    }

    @ParameterizedTest
    @FieldSource("SHIPPED")
    void theTeamKeepsViewOnlyAndEverythingElseIsUnchanged(String tier) {
        DesiredState normal = render(tier);
        DesiredState q = Quarantined.apply(normal);
        List<RoleBinding> bindings = q.namespaceObjects().stream()
                .filter(RoleBinding.class::isInstance)
                .map(RoleBinding.class::cast)
                .toList();
        RoleBinding team = bindings.stream()
                .filter(b -> b.getSubjects().stream().anyMatch(s -> s.getName().equals("oidc:team-a")))
                .findFirst()
                .orElseThrow();
        assertThat(team.getMetadata().getName()).isEqualTo(Quarantined.TEAM_VIEW);
        assertThat(team.getRoleRef().getName()).isEqualTo("view");
        assertThat(bindings).noneMatch(b -> b.getRoleRef().getName().matches("edit|admin"));
        Namespace ns = (Namespace) q.namespaceObjects().getFirst();
        assertThat(ns.getMetadata().getLabels()).containsEntry(Quarantined.QUARANTINED_LABEL, "true");
        // quota, limits, service account and the cluster policies are the same objects as out of quarantine
        List<HasMetadata> others = normal.namespaceObjects().stream()
                .filter(o -> !(o instanceof NetworkPolicy || o instanceof RoleBinding || o instanceof Namespace))
                .toList();
        assertThat(q.namespaceObjects()).containsAll(others);
        assertThat(q.clusterPolicies()).isEqualTo(normal.clusterPolicies());
        // the input is not changed: releasing renders the original objects again
        assertThat(((Namespace) normal.namespaceObjects().getFirst())
                        .getMetadata()
                        .getLabels())
                .doesNotContainKey(Quarantined.QUARANTINED_LABEL);
    }
}
