package io.bulkhead.provisioning.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.provisioning.internal.render.TierRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cluster snapshot's look-ups and the "already holds every desired field" check, without an API server. */
class ApplierTest {

    @Test
    void snapshotFindsOnlyTheObjectsOfOneNamespaceAndKindForPruning() {
        Applier.Live live = live(
                quota("a", "a", "q1"),
                quota("a", "a", "q2"),
                quota("b", "b", "q1"),
                // labelled for "a" but living elsewhere: not a's to prune
                quota("b", "a", "q3"),
                policy("a", "deny"));

        assertThat(live.owned(ResourceQuota.class, "a"))
                .extracting(o -> o.getMetadata().getName())
                .containsExactlyInAnyOrder("q1", "q2");
        assertThat(live.owned(NetworkPolicy.class, "a"))
                .extracting(o -> o.getMetadata().getName())
                .containsExactly("deny");
        assertThat(live.owned(NetworkPolicy.class, "b")).isEmpty();
        assertThat(live.owned(ResourceQuota.class, "unknown")).isEmpty();
    }

    @Test
    void snapshotFindsANamespacesExceptionPolicyCopiesByKind() {
        Applier.Live live = live(
                new ValidatingAdmissionPolicyBuilder()
                        .withNewMetadata()
                        .withName("bulkhead-exception-a-x")
                        .withLabels(Map.of(Applier.MANAGED_BY, "bulkhead", TierRenderer.EXCEPTION_NAMESPACE_LABEL, "a"))
                        .endMetadata()
                        .build(),
                new ValidatingAdmissionPolicyBindingBuilder()
                        .withNewMetadata()
                        .withName("bulkhead-exception-a-x")
                        .withLabels(Map.of(Applier.MANAGED_BY, "bulkhead", TierRenderer.EXCEPTION_NAMESPACE_LABEL, "a"))
                        .endMetadata()
                        .build(),
                new ValidatingAdmissionPolicyBuilder()
                        .withNewMetadata()
                        .withName("bulkhead-exception-b-x")
                        .withLabels(Map.of(Applier.MANAGED_BY, "bulkhead", TierRenderer.EXCEPTION_NAMESPACE_LABEL, "b"))
                        .endMetadata()
                        .build());

        assertThat(live.exceptionCopies(ValidatingAdmissionPolicy.class, "a"))
                .extracting(o -> o.getMetadata().getName())
                .containsExactly("bulkhead-exception-a-x");
        assertThat(live.exceptionCopies(ValidatingAdmissionPolicyBinding.class, "a"))
                .hasSize(1);
        assertThat(live.exceptionCopies(ValidatingAdmissionPolicy.class, "c")).isEmpty();
    }

    @Test
    void liveObjectWithExtraFieldsAndManagedFieldsSatisfiesTheDesiredOne() {
        ResourceQuota desired = quota("a", "a", "q", "10");
        ResourceQuota live = new ResourceQuotaBuilder(quota("a", "a", "q", "10"))
                .editMetadata()
                .withResourceVersion("42")
                .addToLabels("added-by", "someone")
                .withManagedFields(new ManagedFieldsEntryBuilder()
                        .withManager("kubectl-edit")
                        .withOperation("Apply")
                        .build())
                .endMetadata()
                .editSpec()
                .addToHard("services", new Quantity("3"))
                .endSpec()
                .build();

        assertThat(Applier.satisfies(desired, live)).isTrue();
        assertThat(Applier.satisfies(desired, quota("a", "a", "q", "11"))).isFalse();
        assertThat(Applier.satisfies(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName("a")
                                .withLabels(Map.of("pod-security.kubernetes.io/enforce", "baseline"))
                                .endMetadata()
                                .build(),
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName("a")
                                .withLabels(Map.of("pod-security.kubernetes.io/enforce", "privileged"))
                                .endMetadata()
                                .build()))
                .isFalse();
    }

    private static Applier.Live live(HasMetadata... objects) {
        Map<String, HasMetadata> byKey = new HashMap<>();
        for (HasMetadata o : objects) {
            byKey.put(Applier.key(o), o);
        }
        return new Applier.Live(
                byKey,
                Set.copyOf(List.of(
                        Applier.Live.kindKey(ResourceQuota.class),
                        Applier.Live.kindKey(NetworkPolicy.class),
                        Applier.Live.kindKey(ValidatingAdmissionPolicy.class),
                        Applier.Live.kindKey(ValidatingAdmissionPolicyBinding.class))));
    }

    private static ResourceQuota quota(String namespace, String label, String name) {
        return quota(namespace, label, name, "10");
    }

    private static ResourceQuota quota(String namespace, String label, String name, String pods) {
        return new ResourceQuotaBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withLabels(Map.of(Applier.MANAGED_BY, "bulkhead", Applier.NAMESPACE_LABEL, label))
                .endMetadata()
                .withNewSpec()
                .withHard(Map.of("pods", new Quantity(pods)))
                .endSpec()
                .build();
    }

    private static NetworkPolicy policy(String namespace, String name) {
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withLabels(Map.of(Applier.MANAGED_BY, "bulkhead", Applier.NAMESPACE_LABEL, namespace))
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .endPodSelector()
                .endSpec()
                .build();
    }
}
