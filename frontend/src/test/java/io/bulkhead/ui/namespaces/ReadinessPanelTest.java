package io.bulkhead.ui.namespaces;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.html.H3;
import io.bulkhead.compliance.Finding;
import io.bulkhead.compliance.Severity;
import io.bulkhead.compliance.TierReadiness;
import io.bulkhead.platform.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadinessPanelTest {
    private static final List<ReadinessPanel.TierOption> TIERS = List.of(
            new ReadinessPanel.TierOption("baseline", 1, "baseline"),
            new ReadinessPanel.TierOption("restricted", 2, "restricted"),
            new ReadinessPanel.TierOption("sandboxed", 2, "restricted"),
            new ReadinessPanel.TierOption("legacy", 0, "privileged"));

    private static Finding failing(String workload, String control) {
        return new Finding(
                "dev",
                "shop",
                "Deployment",
                workload,
                "app",
                control,
                Severity.HIGH,
                "spec.securityContext.runAsNonRoot",
                "unset",
                "true",
                "Set runAsNonRoot: true.",
                Finding.Result.FAIL);
    }

    @Test
    void offersTheStricterTiersFirstAndEvaluatesOnlyWhenShown() {
        List<String> asked = new ArrayList<>();
        ReadinessPanel panel = new ReadinessPanel(
                "baseline",
                TIERS,
                tier -> {
                    asked.add(tier);
                    return new TierReadiness(
                            tier,
                            3,
                            "restricted:latest",
                            List.of(failing("web", "pss-run-as-non-root"), failing("web", "pss-seccomp")),
                            false);
                },
                id -> id.equals("pss-run-as-non-root") ? "Runs as non-root" : id);

        assertThat(asked).isEmpty();
        assertThat(panel.selected()).map(ReadinessPanel.TierOption::name).contains("restricted");

        panel.load();

        assertThat(asked).containsExactly("restricted");
        assertThat(panel.failingGrid().isVisible()).isTrue();
        assertThat(panel.failingGrid().getGenericDataView().getItems()).hasSize(2);
        assertThat(panel.summaryText().getText())
                .isEqualTo("2 findings in 1 workload would fail in restricted v3 (Pod Security restricted:latest).");
        assertThat(panel.emptyBox().getChildren()).isEmpty();

        panel.select("sandboxed");
        assertThat(asked).containsExactly("restricted", "sandboxed");
        panel.select("baseline"); // the current tier is not offered
        assertThat(panel.selected()).map(ReadinessPanel.TierOption::name).contains("sandboxed");
    }

    @Test
    void saysReadyWhenNothingWouldFail() {
        ReadinessPanel panel = new ReadinessPanel(
                "baseline", TIERS, tier -> new TierReadiness(tier, 1, "restricted:v1.36", List.of(), true), id -> id);

        panel.load();

        assertThat(panel.failingGrid().isVisible()).isFalse();
        assertThat(panel.emptyBox()
                        .getChildren()
                        .flatMap(c -> c.getChildren())
                        .filter(H3.class::isInstance)
                        .map(c -> ((H3) c).getText()))
                .containsExactly("Ready for restricted: nothing would fail");
    }

    @Test
    void aRefusalIsShownAsTextNotAnError() {
        ReadinessPanel panel = new ReadinessPanel(
                "restricted",
                TIERS,
                tier -> {
                    throw new ValidationException(Map.of("tier", "No such tier: " + tier + "."));
                },
                id -> id);

        panel.load();

        assertThat(panel.selected()).map(ReadinessPanel.TierOption::name).contains("sandboxed");
        assertThat(panel.failingGrid().isVisible()).isFalse();
        assertThat(panel.getChildren()
                        .anyMatch(c -> c instanceof io.bulkhead.ui.components.ErrorText e
                                && e.isInvalid()
                                && "No such tier: sandboxed.".equals(e.getErrorMessage())))
                .isTrue();
    }
}
