package io.bulkhead.provisioning.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.provisioning.internal.render.TierRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Whose a live object is: proven from its owner annotation, labels and field managers, never from its name. */
class OwnershipTest {
    static final String RECORD = "0b8a3c3e-6a59-4a57-9f0c-2f3f6c1d2b11";

    static Namespace ns(@Nullable String owner, @Nullable String team, boolean managedLabel, String... managers) {
        Map<String, String> labels = new HashMap<>();
        if (managedLabel) {
            labels.put(TierRenderer.MANAGED_BY, "bulkhead");
        }
        if (team != null) {
            labels.put(TierRenderer.TEAM_LABEL, team);
        }
        var b = new NamespaceBuilder()
                .withNewMetadata()
                .withName("web")
                .withLabels(labels)
                .withAnnotations(owner == null ? Map.of() : Map.of(TierRenderer.OWNER_ANNOTATION, owner))
                .endMetadata();
        for (String m : managers) {
            b.editMetadata()
                    .addToManagedFields(
                            new ManagedFieldsEntryBuilder().withManager(m).build())
                    .endMetadata();
        }
        return b.build();
    }

    static Namespace desired() {
        return ns(RECORD, "payments", true);
    }

    @Test
    void aNamespaceWithThisRecordsOwnerAnnotationIsOurs() {
        assertThat(Ownership.refusal(desired(), ns(RECORD, "payments", true, "bulkhead")))
                .isNull();
    }

    @Test
    void aNamespaceOfAnotherRecordIsRefusedEvenWithOurLabelsAndFieldManager() {
        assertThat(Ownership.refusal(desired(), ns("another-record", "payments", true, "bulkhead")))
                .contains("was not created by Bulkhead for this request");
    }

    @Test
    void aNamespaceMadeByHandIsRefused() {
        assertThat(Ownership.refusal(desired(), ns(null, null, false, "kubectl-create")))
                .contains("does not take over existing namespaces");
    }

    @Test
    void aPreAnnotationNamespaceIsOursOnlyWithOurLabelTeamAndFieldManager() {
        assertThat(Ownership.refusal(desired(), ns(null, "payments", true, "bulkhead", "kube-controller-manager")))
                .isNull();
        // another team's namespace, as seen through the same API server registered under a second name
        assertThat(Ownership.refusal(desired(), ns(null, "search", true, "bulkhead")))
                .isNotNull();
        // the labels alone, set by someone else, prove nothing
        assertThat(Ownership.refusal(desired(), ns(null, "payments", true, "kubectl-edit")))
                .isNotNull();
        assertThat(Ownership.refusal(desired(), ns(null, "payments", false, "bulkhead")))
                .isNotNull();
    }

    @Test
    void aSharedClusterPolicyMustHaveBeenWrittenByBulkhead() {
        HasMetadata ours = new ValidatingAdmissionPolicyBuilder()
                .withNewMetadata()
                .withName("bulkhead-baseline-v1-x")
                .withLabels(Map.of(TierRenderer.MANAGED_BY, "bulkhead"))
                .endMetadata()
                .build();
        HasMetadata liveOurs = new ValidatingAdmissionPolicyBuilder(
                        (io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy) ours)
                .editMetadata()
                .withManagedFields(List.of(
                        new ManagedFieldsEntryBuilder().withManager("bulkhead").build()))
                .endMetadata()
                .build();
        HasMetadata someoneElses = new ValidatingAdmissionPolicyBuilder()
                .withNewMetadata()
                .withName("bulkhead-baseline-v1-x")
                .withManagedFields(List.of(
                        new ManagedFieldsEntryBuilder().withManager("kubectl").build()))
                .endMetadata()
                .build();
        assertThat(Ownership.refusal(ours, liveOurs)).isNull();
        assertThat(Ownership.refusal(ours, someoneElses)).contains("was not created by Bulkhead");
    }

    @Test
    void objectsInsideANamespaceAreSetWhenTheNamespaceIsOurs() {
        HasMetadata policy = new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName("bulkhead-default-deny")
                .withNamespace("web")
                .endMetadata()
                .build();
        assertThat(Ownership.refusal(policy, policy)).isNull();
    }

    @Test
    void ownsChecksTheExceptionNamespaceLabelOfPreAnnotationCopies() {
        HasMetadata copy = new ValidatingAdmissionPolicyBuilder()
                .withNewMetadata()
                .withName("bulkhead-exception-web-x")
                .withLabels(Map.of(TierRenderer.MANAGED_BY, "bulkhead", TierRenderer.EXCEPTION_NAMESPACE_LABEL, "web"))
                .withManagedFields(List.of(
                        new ManagedFieldsEntryBuilder().withManager("bulkhead").build()))
                .endMetadata()
                .build();
        assertThat(Ownership.owns(copy, RECORD, null, "web")).isTrue();
        assertThat(Ownership.owns(copy, RECORD, null, "other")).isFalse();
    }
}
