package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.math.BigDecimal;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An exception requested from a finding on the namespace page, through the browser on the default run's demo data:
 * dev-alice opens payments-web, requests an exception from the failed "CPU and memory limits set" finding of
 * Deployment/web (the form comes prefilled with control, workload and container, and previews the cluster change),
 * the reviewer approves it with a comment after seeing the full justification and what it changes, and afterwards
 * exactly that finding shows as waived while the others stay failed, and the score rose. Screenshots of every tab
 * at 1280×800.
 */
@ExtendWith(BulkheadExtension.class)
class ExceptionForFindingIT {
    private static final long DEMO_DATA_MS = 240_000;
    private static final String NAMESPACE = "payments-web";
    private static final String CONTROL_ID = "nsa-resource-limits";
    private static final String CONTROL = "CPU and memory limits set";
    private static final String WORKLOAD = "Deployment/web";
    private static final String WHY = "The web shop's nginx gets limits with the chart rework in ticket SEC-321;"
            + " until then the namespace quota caps it.";

    @Test
    void developerRequestsAnExceptionFromAFindingReviewerApprovesAndExactlyThatFindingIsWaived(Portal portal) {
        Shell alice = portal.loginAs(DemoUser.DEV_ALICE);
        NamespacePage ns =
                NamespacePage.open(alice, NAMESPACE, DEMO_DATA_MS).awaitFinding(CONTROL, WORKLOAD, DEMO_DATA_MS);
        Assertions.assertThat(ns.result(CONTROL, WORKLOAD)).isEqualTo("Failed");
        long failedBefore =
                ns.findings().stream().filter(r -> r.result().equals("Failed")).count();
        BigDecimal before = ns.awaitCurrentScore(DEMO_DATA_MS).score();
        for (NamespacePage.TabName tab : NamespacePage.TabName.values()) {
            ns.tab(tab).screenshot("namespace-" + tab.name().toLowerCase(java.util.Locale.ROOT) + "-before");
        }

        NamespacePage.RequestForm form = ns.requestException(CONTROL_ID, WORKLOAD);
        Assertions.assertThat(form.control()).contains(CONTROL);
        Assertions.assertThat(form.workloads()).isEqualTo("web");
        Assertions.assertThat(form.container()).isEqualTo("nginx");
        // the baseline tier has no admission rule for limits: the exception changes nothing in the cluster
        Assertions.assertThat(form.preview()).contains("No cluster change");
        form.justify(WHY, "https://tickets.example.com/SEC-321", 14).screenshot("exception-request-from-finding");
        form.submit();
        assertThat(ns.exceptions()).containsText("Pending");
        assertThat(ns.exceptions()).containsText(WHY);

        Shell reviewer = portal.loginAs(DemoUser.REVIEWER);
        ExceptionQueuePage.DecisionDialog decision =
                ExceptionQueuePage.open(reviewer).filter(NAMESPACE).approve(CONTROL);
        Assertions.assertThat(decision.justification()).contains(WHY);
        Assertions.assertThat(decision.clusterChange())
                .contains("No cluster change")
                .contains("Waives exactly 1 finding");
        decision.screenshot("exception-review-dialog");
        Assertions.assertThat(decision.commentLabel()).contains("required").doesNotContain("optional");
        Assertions.assertThat(decision.confirmWithoutComment()).contains("at least 5 characters");
        decision.confirm("Reviewed with the team: limits follow in SEC-321, the quota caps the namespace meanwhile.");

        ns.reload();
        Assertions.assertThat(ns.result(CONTROL, WORKLOAD)).isEqualTo("Waived");
        long failedAfter =
                ns.findings().stream().filter(r -> r.result().equals("Failed")).count();
        Assertions.assertThat(failedAfter).isEqualTo(failedBefore - 1);
        BigDecimal after = ns.score();
        Assertions.assertThat(after).isGreaterThan(before);
        Assertions.assertThat(ns.scoreCounts()).contains("1 waived");
        assertThat(ns.exceptions()).containsText("Active");
        assertThat(ns.audit()).containsText("exception.approved");
        for (NamespacePage.TabName tab : NamespacePage.TabName.values()) {
            ns.tab(tab).screenshot("namespace-" + tab.name().toLowerCase(java.util.Locale.ROOT) + "-after");
        }
    }
}
