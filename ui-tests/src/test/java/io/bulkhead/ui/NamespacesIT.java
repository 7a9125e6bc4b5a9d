package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
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

    /** Fills and submits the request form on cluster "local"; returns the new namespace's page. */
    static NamespacePage request(Shell shell, String name, String tier) {
        // the local cluster must have been probed as reachable: it starts with the portal
        NamespaceRequestPage form = NamespaceRequestPage.open(shell)
                .name(name)
                .tier(tier)
                .cluster("local")
                .purpose("Browser test: " + name + " for the payments team");
        form.screenshot("namespace-request-" + tier);
        return form.submit();
    }

    @Test
    void developerRequestsANamespaceThatBecomesReadyWithItsObjectsListed(Portal portal) {
        Shell alice = portal.loginAs(DemoUser.DEV_ALICE);
        NamespacePage ns = request(alice, "ui-payments-api", "baseline");
        assertThat(ns.state()).containsText("Ready", PROVISIONING_TIME);
        Locator objects = ns.objects(); // the namespace page opens on its overview: this opens the objects tab
        assertThat(objects).containsText("NetworkPolicy");
        assertThat(objects).containsText("ResourceQuota");
        assertThat(objects).containsText("RoleBinding");
        assertThat(objects).containsText("Applied");
        Screenshots.save(ns.page(), "namespace-ready");

        NamespacesListPage list = NamespacesListPage.open(alice);
        assertThat(list.grid()).containsText("ui-payments-api");
        list.screenshot("namespaces-list");
    }

    @Test
    void reviewerApprovesASensitiveTierRequest(Portal portal) {
        Shell alice = portal.loginAs(DemoUser.DEV_ALICE);
        NamespacePage requested = request(alice, "ui-payments-ledger", "sensitive");
        assertThat(requested.state()).containsText("Waiting for review");

        Shell reviewer = portal.loginAs(DemoUser.REVIEWER);
        ReviewsPage reviews = ReviewsPage.open(reviewer);
        assertThat(reviews.queue()).containsText("ui-payments-ledger");
        reviews.screenshot("review-queue");
        NamespacePage ns =
                NamespacePage.openAt(reviewer, requested.url()).approve("Reviewed: ledger data, dedicated nodes OK");
        assertThat(ns.state()).containsText("Ready", PROVISIONING_TIME);
        Screenshots.save(ns.page(), "namespace-approved");
    }
}
