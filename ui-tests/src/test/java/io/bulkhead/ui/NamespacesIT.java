package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Namespaces through the browser, against the packaged portal and its local kube-apiserver: a developer's request
 * is provisioned to Ready with its objects listed; a sensitive-tier request waits for a reviewer who approves it.
 */
@ExtendWith(BulkheadExtension.class)
class NamespacesIT {

    private static final LocatorAssertions.ContainsTextOptions PROVISIONING_TIME =
            new LocatorAssertions.ContainsTextOptions().setTimeout(180_000);

    /** Fills and submits the request form; returns the detail page's URL. */
    static String request(Shell shell, String name, String tier) {
        Page page = shell.page();
        shell.open("namespaces/new");
        assertThat(shell.viewHeading()).hasText("Request a namespace");
        page.locator("#ns-name input").fill(name);
        page.locator("#ns-tier-" + tier).click();
        Vaadin.waitUntilIdle(page);
        // the local cluster must have been probed as reachable: it starts with the portal
        page.locator("#ns-cluster").click();
        Locator local = page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText("local"));
        local.first().click();
        Vaadin.waitUntilIdle(page);
        page.locator("#ns-purpose textarea").fill("Browser test: " + name + " for the payments team");
        Vaadin.waitUntilIdle(page);
        Screenshots.save(page, "namespace-request-" + tier);
        page.locator("#ns-submit").click();
        page.waitForURL(url -> url.matches(".*/namespaces/[0-9a-f-]{36}$"));
        return page.url();
    }

    @Test
    void developerRequestsANamespaceThatBecomesReadyWithItsObjectsListed(Portal portal) {
        Shell alice = portal.loginAs(DemoUser.DEV_ALICE);
        request(alice, "ui-payments-api", "baseline");
        Page page = alice.page();
        assertThat(page.locator("#ns-state")).containsText("Ready", PROVISIONING_TIME);
        page.locator("#ns-tab-objects").click(); // the namespace page opens on its overview
        Vaadin.waitUntilIdle(page);
        Locator objects = page.locator("#ns-objects");
        assertThat(objects).containsText("NetworkPolicy");
        assertThat(objects).containsText("ResourceQuota");
        assertThat(objects).containsText("RoleBinding");
        assertThat(objects).containsText("Applied");
        Screenshots.save(page, "namespace-ready");

        alice.open("namespaces");
        assertThat(page.locator("#ns-grid")).containsText("ui-payments-api");
        Screenshots.save(page, "namespaces-list");
    }

    @Test
    void reviewerApprovesASensitiveTierRequest(Portal portal) {
        Shell alice = portal.loginAs(DemoUser.DEV_ALICE);
        String detail = request(alice, "ui-payments-ledger", "sensitive");
        assertThat(alice.page().locator("#ns-state")).containsText("Waiting for review");

        Shell reviewer = portal.loginAs(DemoUser.REVIEWER);
        reviewer.open("reviews");
        assertThat(reviewer.page().locator("#review-queue")).containsText("ui-payments-ledger");
        Screenshots.save(reviewer.page(), "review-queue");
        reviewer.page().navigate(detail);
        Vaadin.waitUntilIdle(reviewer.page());
        reviewer.page().locator("#ns-approve").click();
        reviewer.page().locator("#ns-decision-comment textarea").fill("Reviewed: ledger data, dedicated nodes OK");
        reviewer.page().locator("#ns-decision-confirm").click();
        assertThat(reviewer.page().locator("#ns-state")).containsText("Ready", PROVISIONING_TIME);
        Screenshots.save(reviewer.page(), "namespace-approved");
    }
}
