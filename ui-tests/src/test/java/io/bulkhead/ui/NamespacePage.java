package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

/**
 * A namespace's page: the header (name, state, actions) and its tabs — overview (facts, score with sparkline,
 * readiness), objects, findings (with "Request exception"), exceptions (current and history) and audit.
 */
public final class NamespacePage {
    /** The tabs, by the id suffix of their tab. */
    public enum TabName {
        OVERVIEW,
        OBJECTS,
        FINDINGS,
        EXCEPTIONS,
        AUDIT;

        String id() {
            return "#ns-tab-" + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One row of the findings tab. */
    public record FindingRow(String result, String control, String where) {}

    /** Rendered body rows of a vaadin-grid in row order: the text of each cell's slotted content. */
    private static final String ROWS_JS = """
            grid => Array.from(grid.shadowRoot.querySelectorAll('tbody#items tr'))
              .filter(tr => !tr.hidden && tr.style.display !== 'none')
              .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
              .map(tr => Array.from(tr.querySelectorAll('td'))
                .filter(td => !(td.getAttribute('part') || '').includes('details-cell'))
                .map(td => {
                  const slot = td.querySelector('slot');
                  return slot ? slot.assignedNodes({flatten: true}).map(n => n.innerText ?? n.textContent)
                      .join(' ').replace(/\\s+/g, ' ').trim() : '';
                }))
              .filter(cells => cells.some(t => t.length > 0))
            """;

    private final Shell shell;
    private final Page page;

    private NamespacePage(Shell shell) {
        this.shell = shell;
        this.page = shell.page();
    }

    /**
     * Opens the namespace called {@code name} from the namespace list, retrying until it is listed (demo data is
     * created in the background after start-up) or {@code timeoutMs} passed.
     */
    public static NamespacePage open(Shell shell, String name, long timeoutMs) {
        Page page = shell.page();
        long until = System.currentTimeMillis() + timeoutMs;
        while (true) {
            shell.open("namespaces");
            Locator link = page.locator("#ns-grid a", new Page.LocatorOptions().setHasText(name));
            if (link.count() == 0) {
                link = page.locator("a", new Page.LocatorOptions().setHasText(name));
            }
            if (link.count() > 0) {
                link.first().click();
                page.waitForURL(url -> url.matches(".*/namespaces/[0-9a-f-]{36}$"));
                Vaadin.waitUntilIdle(page);
                assertThat(page.locator("#ns-detail h2")).hasText(name);
                return new NamespacePage(shell);
            }
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("Namespace " + name + " was not listed within " + timeoutMs / 1000 + " s");
            }
            page.waitForTimeout(3000);
        }
    }

    /** The namespace page the browser shows now, after it was opened by a link elsewhere. */
    public static NamespacePage current(Shell shell, String name) {
        Vaadin.waitUntilIdle(shell.page());
        assertThat(shell.page().locator("#ns-detail h2")).hasText(name);
        return new NamespacePage(shell);
    }

    /** The namespace page just opened by submitting a request (its name is not known to the caller). */
    static NamespacePage submitted(Shell shell) {
        return new NamespacePage(shell);
    }

    /** Opens a namespace page by its address (e.g. one another user was given), in this signed-in profile. */
    static NamespacePage openAt(Shell shell, String url) {
        shell.page().navigate(url);
        Vaadin.waitUntilIdle(shell.page());
        return new NamespacePage(shell);
    }

    public Page page() {
        return page;
    }

    /** This namespace page's address. */
    public String url() {
        return page.url();
    }

    /** The lifecycle state shown in the header ("Provisioning", "Ready", "Waiting for review"…). */
    public Locator state() {
        return page.locator("#ns-state");
    }

    /** A reviewer approves the request with {@code comment} from the namespace page. */
    public NamespacePage approve(String comment) {
        page.locator("#ns-approve").click();
        page.locator("#ns-decision-comment textarea").fill(comment);
        page.locator("#ns-decision-confirm").click();
        return this;
    }

    /** One row of the readiness panel: a finding that would fail in the target tier. */
    public record ReadinessRow(String workload, String container, String severity, String control, String field) {}

    /** Chooses the target tier of "Readiness for another tier" on the overview (e.g. {@code restricted}). */
    public NamespacePage readinessFor(String tier) {
        tab(TabName.OVERVIEW);
        Locator select = page.locator("#ns-readiness-tier");
        assertThat(select).isVisible();
        if (!select.innerText().startsWith(tier + " ")) {
            select.click();
            page.locator("vaadin-select-item")
                    .filter(new Locator.FilterOptions().setHasText(tier + " (Pod Security"))
                    .first()
                    .click();
            Vaadin.waitUntilIdle(page);
        }
        return this;
    }

    /** The readiness summary ("3 findings in 2 workloads would fail in restricted v1 …"). */
    public String readinessSummary() {
        return page.locator("#ns-readiness-summary").innerText();
    }

    /** The findings the readiness panel lists for the chosen tier. */
    public List<ReadinessRow> readinessFailing() {
        Locator grid = page.locator("#ns-readiness-failing");
        assertThat(grid).isVisible();
        return Grids.rows(grid).stream()
                .map(c -> new ReadinessRow(
                        Grids.cell(c, 0), Grids.cell(c, 1), Grids.cell(c, 2), Grids.cell(c, 3), Grids.cell(c, 4)))
                .toList();
    }

    /** The facts of the overview (tier, team, cluster…) as text. */
    public String facts() {
        tab(TabName.OVERVIEW);
        return page.locator("#ns-facts").innerText();
    }

    /** The objects tab's grid (opens the tab). */
    public Locator objects() {
        tab(TabName.OBJECTS);
        return page.locator("#ns-objects");
    }

    /** Opens the audit row whose action is {@code action} and returns its before/after table. */
    public ChangeTable auditChange(String action) {
        tab(TabName.AUDIT);
        page.locator("#ns-audit vaadin-grid-cell-content")
                .filter(new Locator.FilterOptions().setHasText(action))
                .first()
                .click();
        Vaadin.waitUntilIdle(page);
        Locator table = page.locator("#ns-audit .change-diff table").first();
        assertThat(table).isVisible();
        return new ChangeTable(table);
    }

    /** Reloads the page (the same namespace). */
    public NamespacePage reload() {
        page.reload();
        shell.waitUntilReady();
        Vaadin.waitUntilIdle(page);
        return this;
    }

    public NamespacePage tab(TabName tab) {
        page.locator(tab.id()).click();
        Vaadin.waitUntilIdle(page);
        return this;
    }

    /** The score shown on the overview (opens the overview). */
    public BigDecimal score() {
        tab(TabName.OVERVIEW);
        Locator value = page.locator("#ns-score-value");
        assertThat(value).isVisible();
        return new BigDecimal(value.innerText().replaceAll("[^0-9.]", ""));
    }

    /**
     * Waits until the overview's score is a current evaluation (not a point of the demo's simulated history, which
     * is seeded in the background right after the namespace is ready), reloading, at most {@code timeoutMs}.
     */
    public NamespacePage awaitCurrentScore(long timeoutMs) {
        long until = System.currentTimeMillis() + timeoutMs;
        while (true) {
            tab(TabName.OVERVIEW);
            Locator box = page.locator("#ns-score");
            if (box.count() > 0
                    && !box.innerText().contains(" d ago")
                    && page.locator("#ns-score-value").count() > 0) {
                return this;
            }
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("The score was not evaluated recently within " + timeoutMs / 1000 + " s: "
                        + (box.count() > 0 ? box.innerText() : "no score"));
            }
            page.waitForTimeout(3000);
            reload();
        }
    }

    /** The counts next to the score ("3 failed · 1 waived (excepted) · 20 passed"). */
    public String scoreCounts() {
        tab(TabName.OVERVIEW);
        return page.locator("#ns-score-counts").innerText();
    }

    /**
     * Reopens the findings tab until a row of {@code control} at {@code where} shows (the inventory and compliance
     * catch up with the cluster in the background).
     */
    public NamespacePage awaitFinding(String control, String where, long timeoutMs) {
        long until = System.currentTimeMillis() + timeoutMs;
        while (true) {
            tab(TabName.FINDINGS);
            if (hasRow(control, where)) {
                return this;
            }
            if (System.currentTimeMillis() > until) {
                throw new AssertionError(
                        "No finding " + control + " at " + where + " within " + timeoutMs / 1000 + " s");
            }
            page.waitForTimeout(3000);
            reload();
        }
    }

    /** The findings tab's rows (opens the tab). */
    public List<FindingRow> findings() {
        tab(TabName.FINDINGS);
        if (page.locator("#ns-findings").count() == 0) {
            return List.of(); // no findings yet: the grid is hidden behind the empty state
        }
        @SuppressWarnings("unchecked")
        List<List<String>> rows =
                (List<List<String>>) page.locator("#ns-findings").evaluate(ROWS_JS);
        return rows.stream()
                .map(c -> new FindingRow(c.get(0), c.size() > 1 ? c.get(1) : "", c.size() > 2 ? c.get(2) : ""))
                .toList();
    }

    /** The result shown for the finding of {@code control} at {@code where} ("Failed", "Waived", "Advice"). */
    public String result(String control, String where) {
        return findings().stream()
                .filter(r -> r.control().startsWith(control) && r.where().startsWith(where))
                .map(FindingRow::result)
                .findFirst()
                .orElseThrow(() -> new AssertionError("No finding " + control + " at " + where + ": " + findings()));
    }

    private boolean hasRow(String control, String where) {
        return findings().stream()
                .anyMatch(r -> r.control().startsWith(control) && r.where().startsWith(where));
    }

    /**
     * Clicks "Request exception" on the failed finding of control {@code controlId} (e.g. {@code nsa-resource-limits})
     * at {@code where} (e.g. {@code Deployment/web}): the form opens prefilled from the finding.
     */
    public RequestForm requestException(String controlId, String where) {
        tab(TabName.FINDINGS);
        page.locator("#ns-findings .finding-request-exception[aria-label*='" + controlId + " of " + where + "']")
                .first()
                .click();
        Vaadin.waitUntilIdle(page);
        assertThat(page.locator("#exc-submit")).isVisible();
        return new RequestForm(page);
    }

    /** The exceptions tab's text (opens the tab). */
    public Locator exceptions() {
        tab(TabName.EXCEPTIONS);
        return page.locator("#ns-exceptions");
    }

    /** The audit tab's grid (opens the tab). */
    public Locator audit() {
        tab(TabName.AUDIT);
        return page.locator("#ns-audit");
    }

    /** The quarantine banner above the tabs (absent when the namespace is not quarantined). */
    public Locator quarantineBanner() {
        return page.locator("#ns-quarantine-banner");
    }

    /** The Quarantine or Release quarantine action ({@code release}) in the header. */
    public Locator quarantineAction(boolean release) {
        return page.locator(release ? "#ns-release" : "#ns-quarantine");
    }

    /**
     * Opens the quarantine (or release) dialog, types {@code reason} and confirms; returns the reason field's error
     * message when the dialog stays open, or null when it closed.
     */
    public String quarantine(boolean release, String reason) {
        if (page.locator("vaadin-dialog[opened]").count() == 0) {
            quarantineAction(release).click();
        }
        Locator field = page.locator("#ns-quarantine-reason");
        field.locator("textarea").fill(reason);
        page.locator("#ns-quarantine-confirm").click();
        Vaadin.waitUntilIdle(page);
        if (field.isVisible() && field.getAttribute("invalid") != null) {
            return field.locator("[slot=error-message]").innerText();
        }
        return null;
    }

    /** Saves a screenshot and fails when a grid or the page runs past the 1280 px window. */
    public Path screenshot(String name) {
        return Screenshots.fitting(page, name);
    }

    /** The exception request form, as opened from a finding. */
    public static final class RequestForm {
        private final Page page;

        RequestForm(Page page) {
            this.page = page;
        }

        /** Chooses the namespace the exception is for (when the form was opened without one). */
        public RequestForm chooseNamespace(String name) {
            Selects.choose(page, "#exc-namespace", name);
            return this;
        }

        /** Chooses the control, by the name the findings give it. */
        public RequestForm chooseControl(String name) {
            Selects.choose(page, "#exc-control", name);
            return this;
        }

        /** The "What changes in the cluster" box. */
        public Locator changePreview() {
            return page.locator("#exc-preview");
        }

        /** Where the exception applies (workloads, container). */
        public Locator scope() {
            return page.locator("#exc-scope");
        }

        public String control() {
            return page.locator("#exc-control").innerText();
        }

        public String workloads() {
            return page.locator("#exc-workloads input").inputValue();
        }

        public String container() {
            return page.locator("#exc-container input").inputValue();
        }

        /** The "What changes in the cluster" box. */
        public String preview() {
            assertThat(page.locator("#exc-preview")).isVisible();
            return page.locator("#exc-preview").innerText();
        }

        public RequestForm justify(String why, String ticket, int days) {
            page.locator("#exc-justification textarea").fill(why);
            page.locator("#exc-ticket input").fill(ticket);
            page.locator("#exc-days input").fill(Integer.toString(days));
            page.locator("#exc-days input").press("Tab");
            Vaadin.waitUntilIdle(page);
            return this;
        }

        public Path screenshot(String name) {
            return Screenshots.save(page, name);
        }

        public void submit() {
            page.locator("#exc-submit").click();
            Vaadin.waitUntilIdle(page);
            assertThat(page.locator("#exc-submit")).isHidden();
        }
    }
}
