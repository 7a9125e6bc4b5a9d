package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Team budgets in the browser: the admin sets one on the admin page (a bad quantity is named at its field), the
 * grid, the team page and the namespace page show the team's use against it, by names, at 1280 px.
 */
@ExtendWith(BulkheadExtension.class)
class TeamBudgetsIT {

    @Test
    void adminSetsABudgetAndTheTeamAndNamespacePagesShowUseAgainstIt(Portal portal) {
        Shell admin = portal.loginAs(DemoUser.ADMIN);
        admin.page().setViewportSize(1280, 800);
        TeamBudgetsPage budgets = TeamBudgetsPage.admin(admin)
                .newBudget("Search", "Local control plane")
                .fill("lots", "1Ti", "2Ti", "50")
                .save();
        assertThat(budgets.fieldError("cpu")).containsText("'lots' is not a Kubernetes quantity");
        assertThat(budgets.dialog()).isVisible();
        Screenshots.save(budgets.page(), "team-budget-field-error");

        budgets.fill("100", "1Ti", "2Ti", "50").save();
        assertThat(budgets.dialog()).isHidden();
        assertThat(budgets.grid()).containsText("Search");
        assertThat(budgets.grid()).containsText("Local control plane");
        assertThat(budgets.grid()).containsText("of 100");
        assertThat(budgets.grid()).containsText("of 50");
        Screenshots.fitting(budgets.page(), "admin-team-budgets");

        Shell bob = portal.loginAs(DemoUser.DEV_BOB);
        bob.page().setViewportSize(1280, 800);
        TeamBudgetsPage teams = TeamBudgetsPage.teams(bob);
        assertThat(teams.teamBars("search", "local")).containsText("of 100");
        assertThat(teams.teamBars("search", "local")).containsText("of 1Ti");
        // Bob is not in payments: its budget use is not on his team page
        assertThat(teams.page().locator("#team-payments")).hasCount(0);
        Screenshots.fitting(teams.page(), "team-page-budgets");

        NamespacePage ns = NamespacePage.open(bob, "search-api", 180_000);
        assertThat(ns.page().locator("#ns-budget")).containsText("of 100");
        assertThat(ns.page().locator("#ns-budget")).containsText("Namespaces");
        Screenshots.fitting(ns.page(), "namespace-team-budget");

        // a quota change with custom values: each value is checked as a Kubernetes quantity at its field
        var page = ns.page();
        page.locator("#ns-change").click();
        page.locator("#chg-kind vaadin-radio-button")
                .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Quota"))
                .click();
        Vaadin.waitUntilIdle(page);
        page.locator("#chg-quota").click();
        page.locator("vaadin-select-item")
                .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Custom values"))
                .first()
                .click();
        Vaadin.waitUntilIdle(page);
        assertThat(page.locator("#chg-quota-requests-cpu input")).hasValue("4");
        page.locator("#chg-quota-requests-cpu input").fill("2 cores");
        page.locator("#chg-quota-requests-cpu input").blur();
        Vaadin.waitUntilIdle(page);
        assertThat(page.locator("#chg-quota-requests-cpu [slot=error-message]"))
                .containsText("'2 cores' is not a Kubernetes quantity");
        // baseline's presets set no requests.storage: the empty field is not an error
        assertThat(page.locator("#chg-quota-requests-storage")).not().hasAttribute("invalid", "");
        Screenshots.save(page, "change-custom-quota-error");
        page.locator("#chg-cancel").click();
    }
}
