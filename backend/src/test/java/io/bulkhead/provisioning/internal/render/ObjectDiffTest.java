package io.bulkhead.provisioning.internal.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.provisioning.NamespaceSpec;
import io.bulkhead.provisioning.TierRollPreview.Change;
import io.bulkhead.provisioning.TierRollPreview.ObjectChange;
import io.bulkhead.tiers.TierBundle;
import io.bulkhead.tiers.TierFixtures;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectDiffTest {
    private final TierRenderer renderer = new TierRenderer();
    private final TierBundle baseline = TierFixtures.shipped("baseline");

    private DesiredState at(int version) {
        return renderer.render(
                baseline,
                new NamespaceSpec(
                        "local",
                        "team-a-dev",
                        "team-a",
                        "oidc:team-a",
                        "baseline",
                        version,
                        baseline.defaultQuotaPreset(),
                        List.of()));
    }

    @Test
    void theSameBundleAtAnotherVersionChangesNothingButTheVersion() {
        assertThat(ObjectDiff.between("baseline", 3, at(3).all(), 4, at(4).all()))
                .isEmpty();
    }

    @Test
    void namesChangedAndRemovedObjectsWithTheChangedLines() {
        List<HasMetadata> after = new ArrayList<>(at(4).all());
        ResourceQuota quota = (ResourceQuota) after.stream()
                .filter(o -> o.getKind().equals("ResourceQuota"))
                .findFirst()
                .orElseThrow();
        quota.getSpec().getHard().put("pods", new Quantity("999"));
        after.removeIf(o -> o.getKind().equals("LimitRange"));

        List<ObjectChange> changes = ObjectDiff.between("baseline", 3, at(3).all(), 4, after);

        assertThat(changes)
                .extracting(ObjectChange::kind, ObjectChange::change)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ResourceQuota", Change.CHANGED),
                        org.assertj.core.groups.Tuple.tuple("LimitRange", Change.REMOVED));
        assertThat(changes.getFirst().diff())
                .anyMatch(l -> l.startsWith("+ ") && l.contains("999"))
                .anyMatch(l -> l.startsWith("- ") && l.contains("pods"))
                .noneMatch(l -> l.contains("tier-version"));
    }

    @Test
    void lineDiffKeepsCommonLinesOut() {
        assertThat(ObjectDiff.diff(List.of("a", "b", "c"), List.of("a", "x", "c")))
                .containsExactly("- b", "+ x");
    }
}
