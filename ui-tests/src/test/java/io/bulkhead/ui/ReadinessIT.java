package io.bulkhead.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12's promise, in the browser on the default run's demo data: payments-web is a baseline-tier namespace whose
 * Deployment/web does not set runAsNonRoot — a restricted-only control. Its findings tab shows that finding as
 * advice, not as a failure (the baseline tier does not promise it, so it is outside the score), and the readiness
 * view for the restricted tier lists it as what would fail there. dev-alice reaches the namespace from her
 * landing page, which lists it with status, tier, score and the names of its failing controls.
 */
@ExtendWith(BulkheadExtension.class)
class ReadinessIT {
    private static final long DEMO_DATA_MS = 240_000;
    private static final String NAMESPACE = "payments-web";
    private static final String RESTRICTED_ONLY = "Runs as non-root";
    private static final String WORKLOAD = "Deployment/web";

    @Test
    void baselineNamespaceShowsARestrictedOnlyFindingAsAdviceAndReadinessForRestrictedListsIt(Portal portal) {
        Shell alice = portal.loginAs(DemoUser.DEV_ALICE);
        DashboardPage home = DashboardPage.open(alice);
        DashboardPage.NamespaceRow row = home.myNamespaces(NAMESPACE, DEMO_DATA_MS).stream()
                .filter(r -> r.name().equals(NAMESPACE))
                .findFirst()
                .orElseThrow();
        assertThat(row.cluster()).isEqualTo("local");
        assertThat(row.status()).isEqualTo("Ready");
        assertThat(row.tier()).startsWith("baseline v");
        assertThat(row.score()).matches("\\d+(\\.\\d)?");
        // the open findings by name: the baseline tier's own failures, never the restricted-only advice
        assertThat(row.openFindings()).contains("failed: ").doesNotContain(RESTRICTED_ONLY);
        home.screenshot("dashboard-developer");

        NamespacePage ns = home.openNamespace(NAMESPACE).awaitFinding(RESTRICTED_ONLY, WORKLOAD, DEMO_DATA_MS);
        assertThat(ns.facts()).contains("baseline v");
        assertThat(ns.result(RESTRICTED_ONLY, WORKLOAD)).isEqualTo("Advice");
        assertThat(ns.findings())
                .filteredOn(f -> f.result().equals("Failed"))
                .extracting(NamespacePage.FindingRow::control)
                .noneMatch(c -> c.startsWith(RESTRICTED_ONLY));
        ns.screenshot("namespace-findings-advice");

        ns.readinessFor("restricted");
        assertThat(ns.readinessSummary()).contains("would fail in restricted");
        List<NamespacePage.ReadinessRow> failing = ns.readinessFailing();
        assertThat(failing)
                .anyMatch(r -> r.workload().equals(WORKLOAD) && r.control().equals(RESTRICTED_ONLY));
        ns.screenshot("namespace-readiness-restricted");
    }
}
