package io.bulkhead.ui;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The audit trail view: filters, the lazy grid, CSV export and (for admins) chain verification. */
public final class AuditPage {

    /** One rendered grid row, in column order: the target by name with the fields that changed below it. */
    public record Row(String when, String who, String action, String target, String outcome, String team) {

        static Row of(List<String> cells) {
            List<String> c = new java.util.ArrayList<>(cells);
            while (c.size() < 6) {
                c.add("");
            }
            return new Row(c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5));
        }
    }

    /** Rendered body rows of a vaadin-grid, sorted by row index: the text of each cell's slotted content. */
    private static final String ROWS_JS = """
            grid => Array.from(grid.shadowRoot.querySelectorAll('tbody#items tr'))
              .filter(tr => !tr.hidden && tr.style.display !== 'none')
              .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
              .map(tr => Array.from(tr.querySelectorAll('td'))
                .filter(td => !(td.getAttribute('part') || '').includes('details-cell'))
                .map(td => {
                  const slot = td.querySelector('slot');
                  return slot ? slot.assignedNodes({flatten: true}).map(n => n.textContent).join('').trim() : '';
                }))
              .filter(cells => cells.some(t => t.length > 0))
            """;

    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("M/d/yyyy", Locale.US);
    private static final DateTimeFormatter US_TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.US);

    private final Page page;

    private AuditPage(Page page) {
        this.page = page;
    }

    /** Opens the audit view in a signed-in profile and waits for its grid. */
    public static AuditPage open(Shell shell) {
        shell.open("/audit");
        shell.page().locator("#audit-grid").waitFor();
        Vaadin.waitUntilIdle(shell.page());
        return new AuditPage(shell.page());
    }

    public Page page() {
        return page;
    }

    /** The audit grid. */
    public Locator grid() {
        return page.locator("#audit-grid");
    }

    /** Types into a text filter ("actor", "action", "team", "target") as a user would. */
    /**
     * Types a filter. The field reports its value lazily (ValueChangeMode.LAZY: after a 400 ms pause in typing), so
     * idle right after typing may be before the value was even sent: wait past the pause, then for the grid.
     */
    public AuditPage filter(String field, String text) {
        Vaadin.waitUntilIdle(page); // after a reload, the view must be attached before it can see the typing
        filterInput(field).fill(text);
        filterInput(field).press("Tab");
        page.waitForTimeout(600); // longer than the lazy value change's 400 ms pause
        Vaadin.waitUntilIdle(page);
        return this;
    }

    public Locator filterInput(String field) {
        return page.locator("#audit-filter-" + field + " input");
    }

    /** The rows the grid currently renders (the newest first). */
    @SuppressWarnings("unchecked")
    public List<Row> rows() {
        Vaadin.waitUntilIdle(page);
        List<List<String>> raw =
                (List<List<String>>) page.locator("#audit-grid").evaluate(ROWS_JS);
        return raw.stream().map(Row::of).toList();
    }

    /** Grid cells whose whole text is exactly {@code text}. */
    public Locator cellsWithText(String text) {
        return page.locator("#audit-grid vaadin-grid-cell-content")
                .filter(new Locator.FilterOptions()
                        .setHasText(java.util.regex.Pattern.compile(
                                "^\\s*" + java.util.regex.Pattern.quote(text) + "\\s*$")));
    }

    /** Clicks "Export CSV" and returns the downloaded file's content. */
    public String exportCsv() {
        Download download =
                page.waitForDownload(() -> page.locator("#audit-export").click());
        String failure = download.failure();
        if (failure != null) {
            throw new AssertionError("The CSV download failed: " + failure);
        }
        try {
            return Files.readString(download.path(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the first row whose action is exactly {@code action}: its change as a before/after table. */
    public ChangeTable openRow(String action) {
        page.locator("#audit-grid vaadin-grid-cell-content")
                .filter(new Locator.FilterOptions().setHasText(action))
                .first()
                .click();
        Vaadin.waitUntilIdle(page);
        Locator table =
                page.locator("#audit-grid .audit-details .change-diff table").first();
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(table)
                .isVisible();
        return new ChangeTable(table);
    }

    /** The details of the open row (who exactly, from where, the chain) as text. */
    public String openDetails() {
        return page.locator("#audit-grid .audit-details").first().innerText();
    }

    /** Saves a screenshot and fails when the grid or the page runs past the 1280 px window. */
    public java.nio.file.Path screenshot(String name) {
        return Screenshots.fitting(page, name);
    }

    public Locator exportButton() {
        return page.locator("#audit-export");
    }

    /** The "Something went wrong" screen, where the audit view should be. */
    public Locator failure() {
        return page.locator("#error-failure");
    }

    /** The empty state when no event matches the filters. */
    public Locator noMatchNotice() {
        return page.getByText("No audit events match these filters.");
    }

    public Locator verifyButton() {
        return page.locator("#audit-verify");
    }

    public Locator status() {
        return page.locator("#audit-status");
    }

    /** Sets "From (UTC)" by typing date and time (en-US formats, as the browser's locale). */
    public AuditPage from(LocalDateTime t) {
        return setDateTime("#audit-from", t);
    }

    /** Sets "To (UTC)" by typing date and time. */
    public AuditPage to(LocalDateTime t) {
        return setDateTime("#audit-to", t);
    }

    public Locator toField() {
        return page.locator("#audit-to");
    }

    private AuditPage setDateTime(String id, LocalDateTime t) {
        Locator date = page.locator(id + " vaadin-date-picker input");
        date.fill(US_DATE.format(t));
        date.press("Enter");
        Locator time = page.locator(id + " vaadin-time-picker input");
        time.fill(US_TIME.format(t));
        time.press("Enter");
        Vaadin.waitUntilIdle(page);
        return this;
    }
}
