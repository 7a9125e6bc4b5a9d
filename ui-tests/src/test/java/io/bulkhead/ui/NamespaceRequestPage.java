package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Path;

/** "Request a namespace": name, tier, cluster, purpose, submit. */
public final class NamespaceRequestPage {
    private final Shell shell;
    private final Page page;

    private NamespaceRequestPage(Shell shell) {
        this.shell = shell;
        this.page = shell.page();
    }

    public static NamespaceRequestPage open(Shell shell) {
        shell.open("namespaces/new");
        assertThat(shell.viewHeading()).hasText("Request a namespace");
        return new NamespaceRequestPage(shell);
    }

    public NamespaceRequestPage name(String name) {
        page.locator("#ns-name input").fill(name);
        return this;
    }

    /** Picks a tier card ({@code baseline}, {@code restricted}, {@code sensitive}…). */
    public NamespaceRequestPage tier(String tier) {
        page.locator("#ns-tier-" + tier).click();
        Vaadin.waitUntilIdle(page);
        return this;
    }

    /** Chooses the target cluster (it must have been probed as reachable to be offered). */
    public NamespaceRequestPage cluster(String cluster) {
        Selects.choose(page, "#ns-cluster", cluster);
        return this;
    }

    public NamespaceRequestPage purpose(String purpose) {
        page.locator("#ns-purpose textarea").fill(purpose);
        Vaadin.waitUntilIdle(page);
        return this;
    }

    public Path screenshot(String name) {
        return Screenshots.save(page, name);
    }

    /** Submits the request and waits for the new namespace's page. */
    public NamespacePage submit() {
        page.locator("#ns-submit").click();
        page.waitForURL(url -> url.matches(".*/namespaces/[0-9a-f-]{36}$"));
        return NamespacePage.submitted(shell);
    }
}
