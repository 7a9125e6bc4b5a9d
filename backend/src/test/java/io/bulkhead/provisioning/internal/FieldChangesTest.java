package io.bulkhead.provisioning.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which fields Bulkhead applied someone else changed, and which field manager owns them now. */
class FieldChangesTest {

    static HasMetadata namespace(Map<String, String> labels, ManagedFieldsEntry... managers) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName("a")
                .withLabels(labels)
                .withManagedFields(List.of(managers))
                .endMetadata()
                .build();
    }

    static ManagedFieldsEntry manager(String name, String time, Map<String, Object> fields) {
        FieldsV1 f = new FieldsV1();
        f.setAdditionalProperties(fields);
        return new ManagedFieldsEntryBuilder()
                .withManager(name)
                .withOperation("Update")
                .withTime(time)
                .withFieldsV1(f)
                .build();
    }

    static Map<String, Object> label(String key) {
        return Map.of("f:metadata", Map.of("f:labels", Map.of("f:" + key, Map.of())));
    }

    @Test
    void aLabelChangedByKubectlNamesKubectlAndBothValues() {
        HasMetadata applied = namespace(Map.of("pod-security.kubernetes.io/enforce", "baseline", "team", "a"));
        HasMetadata live = namespace(
                Map.of("pod-security.kubernetes.io/enforce", "privileged", "team", "a", "extra", "x"),
                manager("bulkhead", "2026-12-01T10:00:00Z", label("team")),
                manager("someone-old", "2026-12-01T09:00:00Z", label("extra")),
                manager("kubectl-label", "2026-12-01T11:00:00Z", label("pod-security.kubernetes.io/enforce")));

        List<FieldChanges.Change> changes = FieldChanges.between(applied, live);

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.path()).containsExactly("metadata", "labels", "pod-security.kubernetes.io/enforce");
            assertThat(c.describe()).contains("baseline → privileged");
        });
        assertThat(FieldChanges.manager(live, changes)).isEqualTo("kubectl-label");
    }

    @Test
    void whatStillHoldsEveryAppliedFieldIsNoChangeAndARemovedFieldHasNoOwner() {
        HasMetadata applied = namespace(Map.of("a", "1", "b", "2"));
        assertThat(FieldChanges.between(applied, namespace(Map.of("a", "1", "b", "2", "c", "3"))))
                .isEmpty();

        HasMetadata removed =
                namespace(Map.of("a", "1"), manager("kubectl-edit", "2026-12-01T11:00:00Z", label("other")));
        List<FieldChanges.Change> changes = FieldChanges.between(applied, removed);
        assertThat(changes)
                .singleElement()
                .satisfies(c -> assertThat(c.describe()).contains("(removed)"));
        assertThat(FieldChanges.manager(removed, changes)).isNull();
    }

    @Test
    void aQuotaValueIsComparedAsAQuantityAndItsOwnerFoundUnderSpec() {
        HasMetadata applied = new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName("q")
                .withNamespace("a")
                .endMetadata()
                .withNewSpec()
                .withHard(Map.of("pods", new Quantity("10"), "requests.cpu", new Quantity("1")))
                .endSpec()
                .build();
        HasMetadata live = new ResourceQuotaBuilder((io.fabric8.kubernetes.api.model.ResourceQuota) applied)
                .editSpec()
                .withHard(Map.of("pods", new Quantity("500"), "requests.cpu", new Quantity("1000m")))
                .endSpec()
                .editMetadata()
                .withManagedFields(manager(
                        "kubectl-edit",
                        "2026-12-01T11:00:00Z",
                        Map.of("f:spec", Map.of("f:hard", Map.of("f:pods", Map.of())))))
                .endMetadata()
                .build();

        List<FieldChanges.Change> changes = FieldChanges.between(applied, live);

        assertThat(changes)
                .singleElement()
                .satisfies(c -> assertThat(c.path()).containsExactly("spec", "hard", "pods"));
        assertThat(FieldChanges.manager(live, changes)).isEqualTo("kubectl-edit");
    }
}
