package io.bulkhead.ui;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The compliance dashboard: scores by team (a bar chart), the trend (a line per team), the namespace and control
 * tables, the period and the namespace table's CSV.
 */
public final class ComplianceDashboardPage {
    private final Page page;

    private ComplianceDashboardPage(Page page) {
        this.page = page;
    }

    /** The dashboard the browser shows now (after opening {@code compliance/dashboard}). */
    public static ComplianceDashboardPage shown(Shell shell) {
        return new ComplianceDashboardPage(shell.page());
    }

    /** Whether the scores by team are shown and list every one of {@code teams}. */
    public boolean showsScoresOf(String... teams) {
        Locator scores = scores();
        if (scores.count() == 0) {
            return false;
        }
        String text = scores.innerText();
        for (String team : teams) {
            if (!text.contains(team)) {
                return false;
            }
        }
        return true;
    }

    /** The scores by team (the chart's data as a table). */
    public Locator scores() {
        return page.locator("#dash-scores");
    }

    /** Waits until ECharts has drawn the score chart into SVG. */
    public ComplianceDashboardPage awaitScoreChart() {
        page.waitForSelector("#dash-score-chart[data-drawn=true] svg");
        return this;
    }

    /** Waits until ECharts has drawn the trend chart into SVG. */
    public ComplianceDashboardPage awaitTrendChart() {
        page.waitForSelector("#dash-trend-chart[data-drawn=true] svg");
        return this;
    }

    public Locator scoreChart() {
        return page.locator("#dash-score-chart");
    }

    public Locator trendChart() {
        return page.locator("#dash-trend-chart");
    }

    /** The bars (and other shapes) drawn in the score chart. */
    public Locator scoreChartShapes() {
        return page.locator("#dash-score-chart svg path");
    }

    /** Texts of the score chart (axis labels) that show {@code text}. */
    public Locator scoreChartLabels(String text) {
        return page.locator("#dash-score-chart svg text", new Page.LocatorOptions().setHasText(text));
    }

    /** Texts of the trend chart (legend, labels) that show {@code text}. */
    public Locator trendChartLabels(String text) {
        return page.locator("#dash-trend-chart svg text", new Page.LocatorOptions().setHasText(text));
    }

    /** The namespace table. */
    public Locator namespaces() {
        return page.locator("#dash-namespaces");
    }

    /** The control table. */
    public Locator controls() {
        return page.locator("#dash-controls");
    }

    /** Chooses the period of the trend ("7 days", "30 days", "90 days"). */
    public ComplianceDashboardPage period(String label) {
        page.locator("#dash-period vaadin-radio-button")
                .filter(new Locator.FilterOptions().setHasText(label))
                .click();
        Vaadin.waitUntilIdle(page);
        return this;
    }

    /** Clicks the namespace table's CSV button and returns the downloaded file's content. */
    public String downloadNamespacesCsv() {
        Download download =
                page.waitForDownload(() -> page.locator("#dash-namespaces-csv").click());
        try {
            return Files.readString(download.path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path screenshot(String name) {
        return Screenshots.save(page, name);
    }
}
