package io.bulkhead.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** The admin page's team budgets grid and its editor, and the team page's use against the budget. */
public final class TeamBudgetsPage {
    private final Page page;

    private TeamBudgetsPage(Page page) {
        this.page = page;
    }

    /** The admin page, scrolled to the team budgets. */
    public static TeamBudgetsPage admin(Shell shell) {
        shell.open("admin");
        shell.page().locator("#admin-budgets").waitFor();
        shell.page().locator("#admin-budget-section").scrollIntoViewIfNeeded();
        return new TeamBudgetsPage(shell.page());
    }

    /** The team page. */
    public static TeamBudgetsPage teams(Shell shell) {
        shell.open("teams");
        shell.page().locator("#teams-view").waitFor();
        return new TeamBudgetsPage(shell.page());
    }

    public Page page() {
        return page;
    }

    /** Opens the editor for a new budget and picks the team and cluster by their names. */
    public TeamBudgetsPage newBudget(String teamName, String clusterName) {
        page.locator("#budget-add").click();
        page.locator("#budget-dialog")
                .waitFor(new Locator.WaitForOptions()
                        .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
        pick("#budget-team", teamName);
        pick("#budget-cluster", clusterName);
        return this;
    }

    /** Opens the editor of an existing row. */
    public TeamBudgetsPage edit(String team, String cluster) {
        page.locator("#budget-edit-" + team + "-" + cluster).click();
        page.locator("#budget-cpu input").waitFor();
        return this;
    }

    public TeamBudgetsPage fill(String cpu, String memory, String storage, String namespaces) {
        page.locator("#budget-cpu input").fill(cpu);
        page.locator("#budget-memory input").fill(memory);
        page.locator("#budget-storage input").fill(storage);
        page.locator("#budget-namespaces input").fill(namespaces);
        Vaadin.waitUntilIdle(page);
        return this;
    }

    /** Saves; the dialog stays open when a field is refused. */
    public TeamBudgetsPage save() {
        page.locator("#budget-save").click();
        Vaadin.waitUntilIdle(page);
        return this;
    }

    /** The message at a field of the editor ({@code cpu}, {@code memory}, {@code storage}, {@code namespaces}). */
    public Locator fieldError(String field) {
        return page.locator("#budget-" + field + " [slot=error-message]");
    }

    /** The editor's form (the dialog's host element itself has no box of its own). */
    public Locator dialog() {
        return page.locator("#budget-cpu");
    }

    /** The admin grid. */
    public Locator grid() {
        return page.locator("#admin-budgets");
    }

    /** The team page's bars of one team in one cluster. */
    public Locator teamBars(String team, String cluster) {
        return page.locator("#team-budget-" + team + "-" + cluster);
    }

    private void pick(String select, String label) {
        page.locator(select).click();
        page.locator("vaadin-select-item")
                .filter(new Locator.FilterOptions().setHasText(label))
                .first()
                .click();
        Vaadin.waitUntilIdle(page);
    }
}
