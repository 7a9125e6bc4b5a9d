package io.bulkhead.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** The admin's cluster grid: status and reason, capabilities, and the probe, re-sync and remove actions. */
public final class AdminClustersPage {
    private final Page page;

    private AdminClustersPage(Page page) {
        this.page = page;
    }

    public static AdminClustersPage open(Shell shell) {
        shell.open("admin");
        shell.page().locator("#admin-clusters").waitFor();
        return new AdminClustersPage(shell.page());
    }

    public Page page() {
        return page;
    }

    /** The capabilities cell of a cluster (version, Pod Security, admission policies, RuntimeClasses). */
    public Locator capabilities(String cluster) {
        return page.locator("#cluster-capabilities-" + cluster);
    }

    /** The number of live namespaces the grid shows for a cluster. */
    public int liveNamespaces(String cluster) {
        return Integer.parseInt(
                page.locator("#cluster-namespaces-" + cluster).innerText().strip());
    }

    /** Clicks re-sync and returns the notification it raises. */
    public String resync(String cluster) {
        page.locator("#cluster-resync-" + cluster).click();
        return notification();
    }

    public RemovalDialog openRemoval(String cluster) {
        page.locator("#cluster-remove-" + cluster).click();
        page.locator("#cluster-remove-dialog")
                .waitFor(new Locator.WaitForOptions()
                        .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
        return new RemovalDialog(page);
    }

    private String notification() {
        Locator card = page.locator("vaadin-notification-card").last();
        card.waitFor(new Locator.WaitForOptions().setTimeout(60_000));
        return card.innerText().strip();
    }

    /** The confirmation dialog of a cluster removal. */
    public static final class RemovalDialog {
        private final Page page;

        RemovalDialog(Page page) {
            this.page = page;
        }

        public Locator explanation() {
            return page.locator("#cluster-remove-explanation");
        }

        public Locator confirmButton() {
            return page.locator("#cluster-remove-submit");
        }

        public RemovalDialog typeName(String name) {
            page.locator("#cluster-remove-confirm input").fill(name);
            Vaadin.waitUntilIdle(page);
            return this;
        }

        /** Confirms and returns the message shown at the confirmation field (empty if none). */
        public String confirmAndReadFieldError() {
            confirmButton().click();
            Vaadin.waitUntilIdle(page);
            Object msg = page.locator("#cluster-remove-confirm").evaluate("f => f.errorMessage || ''");
            return String.valueOf(msg);
        }

        public void cancel() {
            page.locator("#cluster-remove-cancel").click();
            page.locator("#cluster-remove-dialog")
                    .waitFor(new Locator.WaitForOptions()
                            .setState(com.microsoft.playwright.options.WaitForSelectorState.DETACHED));
        }
    }
}
