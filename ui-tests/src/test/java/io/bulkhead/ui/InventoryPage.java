package io.bulkhead.ui;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The inventory: the workloads one may see with their images, the search, "where does this image run?" (by a click
 * on an image or the lookup field) and the CSV of the filtered rows.
 */
public final class InventoryPage {
    private final Page page;

    private InventoryPage(Page page) {
        this.page = page;
    }

    /** Opens the inventory (as typed into the address bar, so {@code path} may carry {@code ?where=…}). */
    public static InventoryPage open(Shell shell, String path) {
        shell.open(path);
        return new InventoryPage(shell.page());
    }

    public static InventoryPage open(Shell shell) {
        return open(shell, "inventory");
    }

    /** Whether the inventory shows its grid with the search (rather than the empty state). */
    public boolean hasSearch() {
        return page.locator("#inventory-search").count() > 0;
    }

    /** Types into the search; the field reports lazily, so this waits for the grid to follow. */
    public InventoryPage search(String text) {
        page.locator("#inventory-search input").fill(text);
        page.waitForTimeout(700); // the field reports lazily (ValueChangeMode.LAZY)
        Vaadin.waitUntilIdle(page);
        return this;
    }

    /** Cells of shown rows that show {@code text} (the grid keeps the content of rows it no longer shows, hidden). */
    public Locator shownCells(String text) {
        return page.locator("#inventory-grid vaadin-grid-cell-content:visible")
                .filter(new Locator.FilterOptions().setHasText(text));
    }

    /** Image links of shown rows whose whole text is exactly {@code reference}. */
    public Locator shownImagesExactly(String reference) {
        return page.locator("#inventory-grid .inventory-image-link:visible")
                .filter(new Locator.FilterOptions().setHasText(Pattern.compile("^" + jsLiteral(reference) + "$")));
    }

    /** {@code text} escaped for a regular expression the browser evaluates (JavaScript has no \\Q…\\E). */
    private static String jsLiteral(String text) {
        return text.replaceAll("[.*+?^${}()|\\[\\]\\\\/]", "\\\\$0");
    }

    /** "N workloads". */
    public Locator count() {
        return page.locator("#inventory-count");
    }

    public Locator grid() {
        return page.locator("#inventory-grid");
    }

    /** Clicks the first image link showing {@code text}: the "where does it run?" dialog opens. */
    public InventoryPage clickImage(String text) {
        page.locator("#inventory-grid .inventory-image-link")
                .filter(new Locator.FilterOptions().setHasText(text))
                .first()
                .click();
        return this;
    }

    /** Types an image reference or repository into the lookup field and clicks its button. */
    public InventoryPage lookUp(String image) {
        page.locator("#inventory-where input").fill(image);
        page.locator("#inventory-where-button").click();
        return this;
    }

    public Locator whereDialog() {
        return page.locator("#inventory-where-dialog");
    }

    /** The dialog's summary ("1 container in 1 workload, 1 namespace, 1 cluster."). */
    public Locator whereSummary() {
        return page.locator("#inventory-where-summary");
    }

    /** The dialog's grid: where the image runs. */
    public Locator whereGrid() {
        return page.locator("#inventory-where-grid");
    }

    public InventoryPage closeWhere() {
        page.locator("#inventory-where-close").click();
        return this;
    }

    /** Clicks "CSV" and returns the download. */
    public Download exportCsv() {
        return page.waitForDownload(() -> page.locator("#inventory-csv").click());
    }

    /** The empty state, when there is no inventory to show. */
    public Locator emptyNotice() {
        return page.locator("#inventory-empty");
    }

    public Path screenshot(String name) {
        return Screenshots.save(page, name);
    }
}
