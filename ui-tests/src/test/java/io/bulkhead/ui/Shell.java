package io.bulkhead.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;

/** The portal's shell (MainLayout): the signed-in user's box and the side navigation. */
public final class Shell {
    private final Page page;

    Shell(Page page) {
        this.page = page;
    }

    public Page page() {
        return page;
    }

    public Shell waitUntilReady() {
        page.waitForLoadState();
        page.locator("#current-user-name").waitFor();
        Vaadin.waitUntilIdle(page);
        return this;
    }

    /** Opens a portal path directly (as typed into the address bar), in this signed-in profile. */
    public Shell open(String path) {
        try {
            page.navigate(path);
        } catch (com.microsoft.playwright.PlaywrightException e) {
            // right after sign-in the page may still be finishing its own navigation, which aborts ours: retry once
            if (e.getMessage() == null || !e.getMessage().contains("ERR_ABORTED")) {
                throw e;
            }
            page.waitForLoadState();
            page.navigate(path);
        }
        return waitUntilReady();
    }

    public String userName() {
        return page.locator("#current-user-name").innerText().strip();
    }

    public String teamsBadge() {
        return page.locator("#current-user-teams").innerText().strip();
    }

    public String roleBadge() {
        return page.locator("#current-user-role").innerText().strip();
    }

    /** The labels of the side navigation, top to bottom (without icons or counter badges). */
    @SuppressWarnings("unchecked")
    public List<String> navigationItems() {
        page.locator("vaadin-side-nav-item").first().waitFor();
        return (List<String>) page.locator("vaadin-side-nav-item")
                .evaluateAll("items => items.map(i => [...i.childNodes]"
                        + ".filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join('').trim())");
    }

    /**
     * Clicks a side navigation item and waits for the view it opens: until the item is the current one (the router
     * has navigated; the click's request may start after the click returns), then until Vaadin is idle. Without the
     * first wait, the next click could overlap a navigation still in flight.
     */
    public Shell navigateTo(String label) {
        page.locator("vaadin-side-nav-item")
                .filter(new Locator.FilterOptions().setHasText(label))
                .first()
                .click();
        page.locator("vaadin-side-nav-item[current]")
                .filter(new Locator.FilterOptions().setHasText(label))
                .first()
                .waitFor();
        Vaadin.waitUntilIdle(page);
        return this;
    }

    /** The current view's main heading. */
    public Locator viewHeading() {
        return page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(2))
                .first();
    }

    /** The unread count on the notification bell (shown only when something is unread). */
    public Locator notificationCount() {
        return page.locator("#notif-count");
    }

    /** Opens the notification bell's list and returns it. */
    public Locator openNotifications() {
        page.locator("#notif-bell").click();
        return page.locator("#notif-list");
    }

    /** Closes the notification list with Escape. */
    public Shell closeNotifications() {
        page.keyboard().press("Escape");
        Vaadin.waitUntilIdle(page);
        return this;
    }

    /** The signed-in user's name in the shell's user box. */
    public Locator currentUserName() {
        return page.locator("#current-user-name");
    }

    /** The side navigation's items. */
    public Locator navigation() {
        return page.locator("vaadin-side-nav-item");
    }

    /** The "Access denied" screen shown inside the shell. */
    public Locator accessDenied() {
        return page.locator("#error-access-denied");
    }

    /** The "Page not found" screen shown inside the shell. */
    public Locator notFound() {
        return page.locator("#error-not-found");
    }

    /** The "Something went wrong" screen shown inside the shell. */
    public Locator failure() {
        return page.locator("#error-failure");
    }

    /** The sections of the admin view (clusters, tiers, teams, chain verification), wherever they would show. */
    public Locator adminSections() {
        return page.locator("#admin-clusters, #admin-tiers, #admin-teams, #admin-verify");
    }

    /** The portal's error screens (failure, access denied, not found) where the view should be. */
    public Locator errorScreens() {
        return page.locator("#error-failure, #error-access-denied, #error-not-found");
    }

    /** Everything the page shows, for "never shows X" checks. */
    public Locator wholePage() {
        return page.locator("body");
    }

    public void logout() {
        page.locator("#logout").click();
    }
}
