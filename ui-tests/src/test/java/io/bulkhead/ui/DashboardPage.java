package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.List;

/**
 * The landing page, by role: a developer's namespaces (name, cluster, status, tier, score, open findings) and the
 * exceptions ending soon; reviewers' queue cards; managers' scores by team; admins' cluster health.
 */
public final class DashboardPage {

    /** One row of "Your namespaces". */
    public record NamespaceRow(
            String name, String cluster, String status, String tier, String score, String openFindings) {}

    private final Shell shell;
    private final Page page;

    private DashboardPage(Shell shell) {
        this.shell = shell;
        this.page = shell.page();
    }

    public static DashboardPage open(Shell shell) {
        shell.open("");
        assertThat(shell.page().locator("h2").first()).containsText("Welcome");
        return new DashboardPage(shell);
    }

    /** The developer's namespaces as listed (reloading until {@code name} is listed, at most {@code timeoutMs}). */
    public List<NamespaceRow> myNamespaces(String name, long timeoutMs) {
        long until = System.currentTimeMillis() + timeoutMs;
        while (true) {
            List<NamespaceRow> rows = myNamespaces();
            if (rows.stream()
                    .anyMatch(r -> r.name().equals(name)
                            && !r.score().isBlank()
                            && !r.score().equals("—"))) {
                return rows;
            }
            if (System.currentTimeMillis() > until) {
                throw new AssertionError(
                        name + " was not listed with a score within " + timeoutMs / 1000 + " s: " + rows);
            }
            page.waitForTimeout(3000);
            shell.open("");
        }
    }

    public List<NamespaceRow> myNamespaces() {
        Locator grid = page.locator("#dash-my-ns");
        assertThat(grid).isVisible();
        return Grids.rows(grid).stream()
                .map(c -> new NamespaceRow(
                        Grids.cell(c, 0),
                        Grids.cell(c, 1),
                        Grids.cell(c, 2),
                        Grids.cell(c, 3),
                        Grids.cell(c, 4),
                        Grids.cell(c, 5)))
                .toList();
    }

    /** The landing page the browser shows now (after opening {@code /}), without waiting for its heading. */
    public static DashboardPage shown(Shell shell) {
        return new DashboardPage(shell);
    }

    /** Managers: the teams' score trend chart. */
    public Locator teamTrend() {
        return page.locator("#dash-team-trend");
    }

    /** Waits until ECharts has drawn the team trend into SVG. */
    public DashboardPage awaitTeamTrend() {
        page.waitForSelector("#dash-team-trend[data-drawn=true] svg");
        return this;
    }

    /** Texts of the team trend (legend, labels) that show {@code text}. */
    public Locator teamTrendLabels(String text) {
        return page.locator("#dash-team-trend svg text", new Page.LocatorOptions().setHasText(text));
    }

    /** The compliance card. */
    public Locator complianceCard() {
        return card("compliance");
    }

    /** The compliance card's big number (the score). */
    public Locator complianceScore() {
        return page.locator("#dash-compliance .metric");
    }

    /** The exceptions card. */
    public Locator exceptionsCard() {
        return card("exceptions");
    }

    /** Follows the compliance card's link whose text contains {@code text}. */
    public void followComplianceLink(String text) {
        page.locator("#dash-compliance a", new Page.LocatorOptions().setHasText(text))
                .click();
    }

    /** Saves a screenshot (without the fit check). */
    public Path save(String name) {
        return Screenshots.save(page, name);
    }

    /** Opens a namespace from "Your namespaces" by its name link. */
    public NamespacePage openNamespace(String name) {
        page.locator("#dash-my-ns a.dash-ns-link", new Page.LocatorOptions().setHasText(name))
                .first()
                .click();
        page.waitForURL(url -> url.matches(".*/namespaces/[0-9a-f-]{36}$"));
        return NamespacePage.current(shell, name);
    }

    /** "Exceptions ending soon": the grid, or the sentence that none ends within 7 days. */
    public Locator expiringSoon() {
        return page.locator("#dash-expiring, #dash-expiring-none").first();
    }

    /** A card of the dashboard by its id suffix ("review-queue", "exception-queue", "cluster-health"…). */
    public Locator card(String id) {
        return page.locator("#dash-" + id);
    }

    /** Managers and admins: the "Scores by team" grid. */
    public Locator teamScores() {
        return page.locator("#dash-team-scores");
    }

    /** Fails when anything on the screen runs past the 1280 px window, then saves a screenshot. */
    public Path screenshot(String name) {
        return Screenshots.fitting(page, name);
    }
}
