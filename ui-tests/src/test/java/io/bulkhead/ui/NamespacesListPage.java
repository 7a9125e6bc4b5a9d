package io.bulkhead.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** The Namespaces list as its empty states show it. */
public final class NamespacesListPage {
    private final Page page;

    private NamespacesListPage(Page page) {
        this.page = page;
    }

    public static NamespacesListPage open(Shell shell) {
        shell.open("namespaces");
        return new NamespacesListPage(shell.page());
    }

    /** The grid of namespaces. */
    public Locator grid() {
        return page.locator("#ns-grid");
    }

    public java.nio.file.Path screenshot(String name) {
        return Screenshots.save(page, name);
    }

    /** The notice for a user in no team: how to get access. */
    public Locator noTeamNotice() {
        return page.locator("#ns-no-team");
    }

    /** The "no namespaces yet" notice of users who could see some. */
    public Locator emptyNotice() {
        return page.locator("#ns-empty");
    }

    public Locator requestButton() {
        return page.locator("#ns-request-button, #ns-empty-request");
    }
}
