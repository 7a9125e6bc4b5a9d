package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.WaitForSelectorState;
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
        Page page = manager.page();
        openUntil(manager, "compliance/dashboard", () -> {
            Locator scores = page.locator("#dash-scores");
            return scores.count() > 0
                    && scores.innerText().contains("payments")
                    && scores.innerText().contains("search");
        });
        assertThat(manager.viewHeading()).hasText("Compliance dashboard");

        // both charts are drawn by ECharts into SVG: bars for the two teams, one line per team
        page.waitForSelector("#dash-score-chart[data-drawn=true] svg");
        page.waitForSelector("#dash-trend-chart[data-drawn=true] svg");
        assertThat(page.locator("#dash-score-chart svg path").first()).isAttached();
        assertThat(page.locator("#dash-score-chart svg text", new Page.LocatorOptions().setHasText("payments")))
                .hasCount(1);
        assertThat(page.locator("#dash-trend-chart svg text", new Page.LocatorOptions().setHasText("search"))
                        .first())
                .isAttached();
        assertThat(page.locator("#dash-score-chart")).hasAttribute("role", "img");
        assertThat(page.locator("#dash-score-chart"))
                .hasAttribute("aria-label", java.util.regex.Pattern.compile("payments \\d+(\\.\\d)?; search"));
        assertThat(page.locator("#dash-namespaces")).containsText("payments-web", SOON);
        assertThat(page.locator("#dash-controls")).containsText("Namespaces");
        Screenshots.save(page, "compliance-dashboard");

        // a longer period keeps the simulated 13 weeks of demo history in the trend
        page.locator("#dash-period vaadin-radio-button")
                .filter(new Locator.FilterOptions().setHasText("90 days"))
                .click();
        Vaadin.waitUntilIdle(page);
        assertThat(page.locator("#dash-trend-chart"))
                .hasAttribute("aria-label", java.util.regex.Pattern.compile("over 90 days"));
        Screenshots.save(page, "compliance-dashboard-90-days");

        // CSV of the namespace table
        var download =
                page.waitForDownload(() -> page.locator("#dash-namespaces-csv").click());
        String csv = readText(download.path());
        org.assertj.core.api.Assertions.assertThat(csv)
                .startsWith("cluster,namespace,team,tier,score")
                .contains("local,payments-web,payments,baseline,")
                .contains("local,search-api,search,baseline,");
    }

    @Test
    void landingPageShowsTheScoreExceptionsAndForTheManagerTheTeamsTrend(Portal portal) {
        Shell manager = portal.loginAs(DemoUser.MANAGER);
        Page page = manager.page();
        openUntil(manager, "/", () -> page.locator("#dash-team-trend").count() > 0);
        page.waitForSelector("#dash-team-trend[data-drawn=true] svg");
        assertThat(page.locator("#dash-team-trend svg text", new Page.LocatorOptions().setHasText("payments"))
                        .first())
                .isAttached();
        assertThat(page.locator("#dash-team-trend"))
                .hasAttribute("aria-label", java.util.regex.Pattern.compile("by team over 30 days: payments from"));
        assertThat(page.locator("#dash-compliance .metric")).hasText(java.util.regex.Pattern.compile("\\d+\\.\\d"));
        assertThat(page.locator("#dash-compliance")).containsText("failed checks");
        assertThat(page.locator("#dash-exceptions")).containsText("ending within 7 days");
        Screenshots.save(page, "landing-manager-compliance");
        page.locator("#dash-compliance a", new Page.LocatorOptions().setHasText("Open the score dashboard"))
                .click();
        assertThat(manager.viewHeading()).hasText("Compliance dashboard");

        // a developer: her team's score only, and a link straight to the findings of her weakest namespace
        Shell alice = portal.loginAs(DemoUser.DEV_ALICE);
        Page a = alice.page();
        openUntil(
                alice,
                "/",
                () -> a.locator("#dash-compliance .metric").innerText().matches("\\d+\\.\\d"));
        assertThat(a.locator("#dash-team-trend")).hasCount(0);
        assertThat(a.locator("#dash-compliance")).not().containsText("search-api");
        Screenshots.save(a, "landing-developer-compliance");
        a.locator("#dash-compliance a", new Page.LocatorOptions().setHasText("See the findings of"))
                .click();
        assertThat(alice.viewHeading()).hasText("Compliance");
        assertThat(a).hasURL(java.util.regex.Pattern.compile("compliance\\?ns=[0-9a-f-]{36}"));
    }

    @Test
    void developerSeesTheirFindingsWithTheFixAndNoOtherTeam(Portal portal) {
        Shell alice = portal.loginAs(DemoUser.DEV_ALICE);
        Page page = alice.page();
        openUntil(
                alice,
                "compliance",
                () -> page.locator("#compliance-namespaces").count() > 0
                        && page.locator("#compliance-namespaces").innerText().contains("payments-web"));
        assertThat(page.locator("#compliance-namespaces")).not().containsText("search-api");

        // the demo Deployment "web" runs as root with nothing hardened: its findings appear once the watch saw it
        long until = System.currentTimeMillis() + DEMO_DATA_MS;
        while (true) {
            page.locator("#compliance-namespaces vaadin-grid-cell-content")
                    .filter(new Locator.FilterOptions().setHasText("payments-web"))
                    .first()
                    .click();
            Vaadin.waitUntilIdle(page);
            if (page.locator("#compliance-findings").innerText().contains("Deployment/web")) {
                break;
            }
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("The demo workload Deployment/web never showed up in the findings");
            }
            page.waitForTimeout(3000);
            alice.open("compliance");
        }
        Locator findings = page.locator("#compliance-findings");
        assertThat(findings).containsText("How to fix");
        assertThat(findings).containsText("To fix (");
        // payments-web is a baseline-tier namespace: the restricted-only runAsNonRoot check is advice, outside the
        // score, listed in its own section
        assertThat(findings.locator("#compliance-advice")).isVisible();
        assertThat(findings.locator("#compliance-advice")).containsText("Advice: stricter than the baseline tier");
        Locator nonRoot = findings.locator("vaadin-details[data-control=pss-run-as-non-root]");
        assertThat(nonRoot).isVisible();
        // advice is listed collapsed (like waived findings): open it to see where it fails
        nonRoot.locator("vaadin-details-summary").first().click();
        Vaadin.waitUntilIdle(page);
        assertThat(nonRoot).containsText("Deployment/web");
        assertThat(nonRoot).containsText("runAsNonRoot");
        // the fix is the catalog's fix text for that control
        assertThat(nonRoot.locator(".finding-fix")).containsText("runAsNonRoot");
        page.locator(".sparkline")
                .first()
                .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.ATTACHED));
        Screenshots.save(page, "compliance-developer-findings");

        // the dashboard shows alice her team only, in the charts' data and the tables
        alice.open("compliance/dashboard");
        page.waitForSelector("#dash-score-chart[data-drawn=true] svg");
        assertThat(page.locator("#dash-scores")).containsText("payments");
        assertThat(page.locator("#dash-scores")).not().containsText("search");
        assertThat(page.locator("#dash-namespaces")).not().containsText("search-api");
        var download =
                page.waitForDownload(() -> page.locator("#dash-namespaces-csv").click());
        org.assertj.core.api.Assertions.assertThat(readText(download.path()))
                .contains("payments-web")
                .doesNotContain("search-api");
    }

    private static String readText(java.nio.file.Path p) {
        try {
            return java.nio.file.Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
