package io.bulkhead.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.nio.file.Path;

/** The compliance screen: the namespaces one may see with their scores, and the findings of the chosen one. */
public final class CompliancePage {
    private final Page page;

    private CompliancePage(Page page) {
        this.page = page;
    }

    /** The compliance screen the browser shows now (after opening {@code compliance}). */
    public static CompliancePage shown(Shell shell) {
        return new CompliancePage(shell.page());
    }

    /** Whether the namespace list is shown and lists {@code name}. */
    public boolean lists(String name) {
        return namespaces().count() > 0 && namespaces().innerText().contains(name);
    }

    /** The namespaces with their scores. */
    public Locator namespaces() {
        return page.locator("#compliance-namespaces");
    }

    /** Clicks the namespace {@code name} in the list: its findings show. */
    public CompliancePage select(String name) {
        page.locator("#compliance-namespaces vaadin-grid-cell-content")
                .filter(new Locator.FilterOptions().setHasText(name))
                .first()
                .click();
        Vaadin.waitUntilIdle(page);
        return this;
    }

    /** The findings of the chosen namespace. */
    public Locator findings() {
        return page.locator("#compliance-findings");
    }

    /** The findings' own section for advice (checks stricter than the namespace's tier, outside the score). */
    public Locator advice() {
        return findings().locator("#compliance-advice");
    }

    /** The finding of control {@code controlId} (e.g. {@code pss-run-as-non-root}), a collapsible block. */
    public Locator finding(String controlId) {
        return findings().locator("vaadin-details[data-control=" + controlId + "]");
    }

    /** Expands the (collapsed) finding of control {@code controlId} and returns it. */
    public Locator expandFinding(String controlId) {
        Locator finding = finding(controlId);
        finding.locator("vaadin-details-summary").first().click();
        Vaadin.waitUntilIdle(page);
        return finding;
    }

    /** The fix text shown within a finding. */
    public static Locator fixOf(Locator finding) {
        return finding.locator(".finding-fix");
    }

    /** Waits until the score trend sparklines are in the page. */
    public CompliancePage awaitSparklines() {
        page.locator(".sparkline")
                .first()
                .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.ATTACHED));
        return this;
    }

    public Path screenshot(String name) {
        return Screenshots.save(page, name);
    }
}
