package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Compliance through the browser, on the default run's demo data: the demo namespaces payments-web and search-api
 * are provisioned on the local kube-apiserver with demo workloads, the inventory picks them up by watch and they
 * are scored. The manager's dashboard draws its charts (ECharts from the webjar, no custom frontend bundle); a
 * developer sees their team's findings with the fix, and never another team's.
 */
@ExtendWith(BulkheadExtension.class)
class ComplianceIT {
    /** Demo namespaces are provisioned and synced in the background after start-up. */
    private static final long DEMO_DATA_MS = 240_000;

    private static final LocatorAssertions.ContainsTextOptions SOON =
            new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

    /** Reopens {@code path} until {@code ready} holds (demo data arrives while the portal runs). */
    private static void openUntil(Shell shell, String path, BooleanSupplier ready) {
        long until = System.currentTimeMillis() + DEMO_DATA_MS;
        while (true) {
            shell.open(path);
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.currentTimeMillis() > until) {
                throw new AssertionError(
                        "Demo compliance data did not appear on " + path + " within " + DEMO_DATA_MS / 1000 + " s");
            }
            shell.page().waitForTimeout(3000);
        }
    }

    @Test
    void managerDashboardDrawsScoreAndTrendChartsFromTheDemoData(Portal portal) {
        Shell manager = portal.loginAs(DemoUser.MANAGER);
        ComplianceDashboardPage dashboard = ComplianceDashboardPage.shown(manager);
        openUntil(manager, "compliance/dashboard", () -> dashboard.showsScoresOf("payments", "search"));
        assertThat(manager.viewHeading()).hasText("Compliance dashboard");

        // both charts are drawn by ECharts into SVG: bars for the two teams, one line per team
        dashboard.awaitScoreChart().awaitTrendChart();
        assertThat(dashboard.scoreChartShapes().first()).isAttached();
        assertThat(dashboard.scoreChartLabels("payments")).hasCount(1);
        assertThat(dashboard.trendChartLabels("search").first()).isAttached();
        assertThat(dashboard.scoreChart()).hasAttribute("role", "img");
        assertThat(dashboard.scoreChart())
                .hasAttribute("aria-label", java.util.regex.Pattern.compile("payments \\d+(\\.\\d)?; search"));
        assertThat(dashboard.namespaces()).containsText("payments-web", SOON);
        assertThat(dashboard.controls()).containsText("Namespaces");
        dashboard.screenshot("compliance-dashboard");

        // a longer period keeps the simulated 13 weeks of demo history in the trend
        dashboard.period("90 days");
        assertThat(dashboard.trendChart()).hasAttribute("aria-label", java.util.regex.Pattern.compile("over 90 days"));
        dashboard.screenshot("compliance-dashboard-90-days");

        // CSV of the namespace table
        String csv = dashboard.downloadNamespacesCsv();
        org.assertj.core.api.Assertions.assertThat(csv)
                .startsWith("cluster,namespace,team,tier,score")
                .contains("local,payments-web,payments,baseline,")
                .contains("local,search-api,search,baseline,");
    }

    @Test
    void landingPageShowsTheScoreExceptionsAndForTheManagerTheTeamsTrend(Portal portal) {
        Shell manager = portal.loginAs(DemoUser.MANAGER);
        DashboardPage landing = DashboardPage.shown(manager);
        openUntil(manager, "/", () -> landing.teamTrend().count() > 0);
        landing.awaitTeamTrend();
        assertThat(landing.teamTrendLabels("payments").first()).isAttached();
        assertThat(landing.teamTrend())
                .hasAttribute("aria-label", java.util.regex.Pattern.compile("by team over 30 days: payments from"));
        assertThat(landing.complianceScore()).hasText(java.util.regex.Pattern.compile("\\d+\\.\\d"));
        assertThat(landing.complianceCard()).containsText("failed checks");
        assertThat(landing.exceptionsCard()).containsText("ending within 7 days");
        landing.save("landing-manager-compliance");
        landing.followComplianceLink("Open the score dashboard");
        assertThat(manager.viewHeading()).hasText("Compliance dashboard");

        // a developer: her team's score only, and a link straight to the findings of her weakest namespace
        Shell alice = portal.loginAs(DemoUser.DEV_ALICE);
        DashboardPage hers = DashboardPage.shown(alice);
        openUntil(alice, "/", () -> hers.complianceScore().innerText().matches("\\d+\\.\\d"));
        assertThat(hers.teamTrend()).hasCount(0);
        assertThat(hers.complianceCard()).not().containsText("search-api");
        hers.save("landing-developer-compliance");
        hers.followComplianceLink("See the findings of");
        assertThat(alice.viewHeading()).hasText("Compliance");
        assertThat(alice.page()).hasURL(java.util.regex.Pattern.compile("compliance\\?ns=[0-9a-f-]{36}"));
    }

    @Test
    void developerSeesTheirFindingsWithTheFixAndNoOtherTeam(Portal portal) {
        Shell alice = portal.loginAs(DemoUser.DEV_ALICE);
        CompliancePage compliance = CompliancePage.shown(alice);
        openUntil(alice, "compliance", () -> compliance.lists("payments-web"));
        assertThat(compliance.namespaces()).not().containsText("search-api");

        // the demo Deployment "web" runs as root with nothing hardened: its findings appear once the watch saw it
        long until = System.currentTimeMillis() + DEMO_DATA_MS;
        while (true) {
            compliance.select("payments-web");
            if (compliance.findings().innerText().contains("Deployment/web")) {
                break;
            }
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("The demo workload Deployment/web never showed up in the findings");
            }
            alice.page().waitForTimeout(3000);
            alice.open("compliance");
        }
        Locator findings = compliance.findings();
        assertThat(findings).containsText("How to fix");
        assertThat(findings).containsText("To fix (");
        // payments-web is a baseline-tier namespace: the restricted-only runAsNonRoot check is advice, outside the
        // score, listed in its own section
        assertThat(compliance.advice()).isVisible();
        assertThat(compliance.advice()).containsText("Advice: stricter than the baseline tier");
        assertThat(compliance.finding("pss-run-as-non-root")).isVisible();
        // advice is listed collapsed (like waived findings): open it to see where it fails
        Locator nonRoot = compliance.expandFinding("pss-run-as-non-root");
        assertThat(nonRoot).containsText("Deployment/web");
        assertThat(nonRoot).containsText("runAsNonRoot");
        // the fix is the catalog's fix text for that control
        assertThat(CompliancePage.fixOf(nonRoot)).containsText("runAsNonRoot");
        compliance.awaitSparklines().screenshot("compliance-developer-findings");

        // the dashboard shows alice her team only, in the charts' data and the tables
        alice.open("compliance/dashboard");
        ComplianceDashboardPage dashboard = ComplianceDashboardPage.shown(alice).awaitScoreChart();
        assertThat(dashboard.scores()).containsText("payments");
        assertThat(dashboard.scores()).not().containsText("search");
        assertThat(dashboard.namespaces()).not().containsText("search-api");
        org.assertj.core.api.Assertions.assertThat(dashboard.downloadNamespacesCsv())
                .contains("payments-web")
                .doesNotContain("search-api");
    }
}
